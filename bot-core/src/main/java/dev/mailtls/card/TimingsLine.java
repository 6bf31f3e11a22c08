package dev.mailtls.card;

import dev.mailtls.internal.text.HumanTime;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** "resolve 3 ms · connect 11 ms · greeting — (no answer in 10 s) · total 10.1 s". */
final class TimingsLine {
    private TimingsLine() {}

    static String of(ProbeResult r) {
        Failure f = r.failure();
        Phase waitedIn = f != null && isSilence(f.code()) ? f.phase() : null;
        List<String> parts = new ArrayList<>();
        boolean shownWait = false;
        for (Map.Entry<Phase, Long> e : r.timings().entrySet()) {
            if (e.getKey() == waitedIn) {
                parts.add(silence(e.getKey(), r.request().options(), f, e.getValue()));
                shownWait = true;
            } else {
                parts.add(e.getKey().key() + " " + HumanTime.of(e.getValue()));
            }
        }
        if (waitedIn != null && !shownWait) {
            parts.add(silence(waitedIn, r.request().options(), f, -1));
        }
        parts.add("total " + HumanTime.of(r.totalMs()));
        return String.join(" · ", parts);
    }

    private static boolean isSilence(FailureCode code) {
        return code == FailureCode.NO_GREETING
                || code == FailureCode.CONNECT_TIMEOUT
                || code == FailureCode.READ_TIMEOUT;
    }

    private static String silence(Phase phase, ProbeOptions o, Failure f, long measuredMs) {
        // The wait the probe recorded (the timeout, cut by the deadline) is the one truth; hints quote it too.
        Duration recorded = f.waited();
        long waited = recorded != null
                ? recorded.toMillis()
                : switch (phase) {
                    case CONNECT -> o.connectTimeout().toMillis();
                    case GREETING -> o.greetingTimeout().toMillis();
                    default -> measuredMs;
                };
        return phase.key() + " — (no answer" + (waited >= 0 ? " in " + HumanTime.of(waited) : "") + ")";
    }

    /** "42 s", "5 min", "3 h": how old a cached card is. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return s / 60 + " min";
        }
        return s / 3600 + " h";
    }
}
