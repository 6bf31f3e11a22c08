package dev.mailtls.probe;

import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.io.Watchdog;
import dev.mailtls.net.Ticker;
import dev.mailtls.tls.TrustEvaluator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The driver of one probe: takes the steps of its {@link Plan} in order, merges what each returns
 * into the {@link ProbeRun}, follows a step that turns the probe to another plan, then runs the
 * plan's follow-up checks on the finished facts. Single use.
 */
final class ProbeFlow {
    private final ProbeContext probe;
    private final ProbeRun run;
    private final Plan plan;

    ProbeFlow(ProbeRequest request, Connector connector, TrustEvaluator trust, Clock clock, Ticker ticker) {
        this(request, connector, trust, clock, ticker, Plan.of(request));
    }

    /** A probe that follows {@code plan}. */
    ProbeFlow(ProbeRequest request, Connector connector, TrustEvaluator trust, Clock clock, Ticker ticker, Plan plan) {
        Transport requested = requested(request);
        // "auto" on an unknown port: the transport stays unknown until the port shows it.
        this.run = new ProbeRun(request, clock.instant(), requested, ticker);
        Deadline deadline = Deadline.after(request.options().deadline(), ticker);
        this.probe = new ProbeContext(
                request,
                run.startedAt,
                requested,
                connector,
                new TlsPhase(trust),
                deadline,
                new Watchdog(deadline),
                run.transcript);
        this.plan = plan;
    }

    /** An explicit transport wins; else the port's well-known one; else null, "auto". */
    static @Nullable Transport requested(ProbeRequest request) {
        return request.transport() != null
                ? request.transport()
                : WellKnownPorts.transportOf(request.port()).orElse(null);
    }

    /** A result for a probe that could not start (bad local input), without touching the network. */
    static ProbeResult notStarted(ProbeRequest request, Clock clock, String why) {
        ProbeRun run = new ProbeRun(request, clock.instant(), requested(request), Ticker.SYSTEM);
        run.merge(Facts.failed(Phase.RESOLVE, FailureCode.IO_ERROR, why, null));
        return run.result();
    }

    ProbeResult run() {
        try (Watchdog watchdog = probe.watchdog()) {
            Plan last = plan;
            Link link = Link.to(List.of());
            try {
                List<Step> steps = plan.steps();
                for (int i = 0; i < steps.size(); i++) {
                    Outcome outcome = steps.get(i).take(probe, link, run.facts());
                    run.merge(outcome.found());
                    link = outcome.link();
                    if (outcome instanceof Outcome.Stop) {
                        break;
                    }
                    if (outcome instanceof Outcome.Switch s) {
                        last = s.plan();
                        steps = last.steps();
                        i = -1;
                    }
                }
            } finally {
                link.close();
            }
            // Each check reads the same finished facts, so they could run side by side; for now one
            // after the other, as their timings and the transcript's order have always been.
            Facts finished = run.facts();
            for (FollowUp check : last.followUps()) {
                FollowUp.Checked checked = check.check(probe, finished, link.addresses());
                if (checked != null) {
                    run.merge(checked.found());
                    run.transcript.note(checked.note());
                }
            }
        } catch (RuntimeException e) {
            // A bug must not lose the result: say where it happened.
            run.merge(Facts.failed(Phase.CLOSE, FailureCode.IO_ERROR, "internal error: " + e, null));
        }
        return run.result();
    }

    static String describe(@Nullable Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
