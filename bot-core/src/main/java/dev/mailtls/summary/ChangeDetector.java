package dev.mailtls.summary;

import dev.mailtls.diagnosis.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What changed between two runs of a group, target by target (targets are matched by their
 * configured text). Pure: no clock, no I/O.
 */
final class ChangeDetector {
    private ChangeDetector() {}

    /**
     * @param previous the previous run; null means every target is new (and nothing is reported for
     *     them: a first run has nothing to compare)
     */
    public static List<Change> compare(@Nullable GroupRun previous, GroupRun current) {
        if (previous == null) {
            return List.of();
        }
        Map<String, TargetSnapshot> before = new HashMap<>();
        previous.snapshots().forEach(s -> before.put(s.target(), s));
        List<Change> changes = new ArrayList<>();
        for (TargetSnapshot now : current.snapshots()) {
            TargetSnapshot then = before.get(now.target());
            if (then == null) {
                changes.add(new Change(now.target(), Change.Kind.NEW_TARGET, "first probe of this target"));
                continue;
            }
            changes.addAll(compare(then, now));
        }
        changes.sort(Comparator.comparing(Change::kind));
        return List.copyOf(changes);
    }

    /** The changes of one target between two snapshots. */
    static List<Change> compare(TargetSnapshot then, TargetSnapshot now) {
        List<Change> out = new ArrayList<>();
        String t = now.target();
        boolean failedThen = then.status() == Status.FAILURE;
        boolean failedNow = now.status() == Status.FAILURE;
        if (!failedThen && failedNow) {
            out.add(new Change(
                    t,
                    Change.Kind.NEW_FAILURE,
                    "now failing" + (now.failureCode() == null ? "" : " (" + now.failureCode() + ")")
                            + (now.hintsNotIn(then).isEmpty() ? "" : ": " + String.join(", ", now.hintsNotIn(then)))));
        } else if (failedThen && !failedNow) {
            out.add(new Change(
                    t, Change.Kind.RECOVERED, "recovered: now " + now.status().id()));
        }
        if (Boolean.TRUE.equals(then.starttlsOffered()) && Boolean.FALSE.equals(now.starttlsOffered())) {
            out.add(new Change(t, Change.Kind.STARTTLS_DISAPPEARED, "STARTTLS is no longer offered"));
        }
        if (!(!failedThen && failedNow)) {
            for (String code : now.hintsNotIn(then)) {
                out.add(new Change(t, Change.Kind.NEW_HINT, "new " + code));
            }
        }
        if (then.tlsVersion() != null
                && now.tlsVersion() != null
                && !then.tlsVersion().equals(now.tlsVersion())) {
            out.add(new Change(t, Change.Kind.TLS_VERSION_CHANGED, then.tlsVersion() + " → " + now.tlsVersion()));
        }
        if (then.cipherSuite() != null
                && now.cipherSuite() != null
                && !then.cipherSuite().equals(now.cipherSuite())) {
            out.add(new Change(t, Change.Kind.CIPHER_CHANGED, then.cipherSuite() + " → " + now.cipherSuite()));
        }
        if (then.certSha256() != null
                && now.certSha256() != null
                && !then.certSha256().equals(now.certSha256())) {
            boolean renewed = Objects.equals(then.certSubject(), now.certSubject())
                    && then.certNotAfter() != null
                    && now.certNotAfter() != null
                    && now.certNotAfter().isAfter(then.certNotAfter());
            out.add(new Change(
                    t,
                    renewed ? Change.Kind.CERT_RENEWED : Change.Kind.CERT_REPLACED,
                    (renewed ? "certificate renewed" : "certificate replaced") + ": "
                            + shortPrint(then.certSha256()) + " → " + shortPrint(now.certSha256())
                            + (now.certNotAfter() == null
                                    ? ""
                                    : ", expires "
                                            + now.certNotAfter().toString().substring(0, 10))));
        }
        if (then.posture() != null && now.posture() != null) {
            out.addAll(now.posture().changesSince(then.posture(), t));
        }
        return out;
    }

    private static String shortPrint(String sha256) {
        String hex = sha256.replace(":", "");
        return hex.length() <= 8 ? hex : hex.substring(0, 8);
    }
}
