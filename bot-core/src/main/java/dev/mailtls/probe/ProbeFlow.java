package dev.mailtls.probe;

import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.io.Watchdog;
import dev.mailtls.net.Ticker;
import dev.mailtls.tls.CertificateFacts;
import dev.mailtls.tls.TrustEvaluator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The driver of one probe: takes the steps of its {@link Plan} in order, merges what each returns
 * into the {@link ProbeRun}, follows a step that turns the probe to another plan, and starts each
 * follow-up check beside the conversation as soon as the facts call for it (the others run on the
 * finished facts); joins them in the plan's order before the result is built. Single use.
 */
final class ProbeFlow {
    private final ProbeContext probe;
    private final ProbeRun run;
    private final Plan plan;

    /**
     * With the prober's memory of certificates read before.
     *
     * @param trust asked when the first chain is judged, not before (see {@link Prober#probe})
     */
    ProbeFlow(
            ProbeRequest request,
            Connector connector,
            Supplier<TrustEvaluator> trust,
            CertificateFacts certificates,
            Clock clock,
            Ticker ticker) {
        this(request, connector, trust, certificates, clock, ticker, Plan.of(request));
    }

    /** A probe that follows {@code plan}. */
    ProbeFlow(ProbeRequest request, Connector connector, TrustEvaluator trust, Clock clock, Ticker ticker, Plan plan) {
        this(request, connector, () -> trust, new CertificateFacts(16), clock, ticker, plan);
    }

    private ProbeFlow(
            ProbeRequest request,
            Connector connector,
            Supplier<TrustEvaluator> trust,
            CertificateFacts certificates,
            Clock clock,
            Ticker ticker,
            Plan plan) {
        Transport requested = requested(request);
        // "auto" on an unknown port: the transport stays unknown until the port shows it.
        this.run = new ProbeRun(request, clock.instant(), requested, ticker);
        Deadline deadline = Deadline.after(request.options().deadline(), ticker);
        this.probe = new ProbeContext(
                request,
                run.startedAt,
                requested,
                connector,
                new TlsPhase(trust, certificates),
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
        try (Watchdog watchdog = probe.watchdog();
                EarlyChecks early = new EarlyChecks(probe)) {
            Plan last = plan;
            Link link = Link.to(List.of());
            try {
                List<Step> steps = plan.steps();
                for (int i = 0; i < steps.size(); i++) {
                    Outcome outcome = steps.get(i).take(probe, link, run.facts());
                    run.merge(outcome.found());
                    link = outcome.link();
                    if (outcome instanceof Outcome.Switch s) {
                        last = s.plan();
                    }
                    // The checks that need only what is known now (after the main handshake: the TLS
                    // 1.0/1.1 offer, CVE-2011-0411) start beside the rest of the conversation.
                    early.startReady(last.followUps(), run.facts(), link.addresses());
                    if (outcome instanceof Outcome.Stop) {
                        break;
                    }
                    if (outcome instanceof Outcome.Switch) {
                        steps = last.steps();
                        i = -1;
                    }
                }
            } finally {
                link.close();
                early.conversationOver();
            }
            // Joined in the plan's order, so the transcript reads the same however they interleaved;
            // a check that did not start early runs now on the finished facts.
            Facts finished = run.facts();
            for (FollowUp check : last.followUps()) {
                FollowUp.Checked checked = early.started(check)
                        ? early.join(check, finished)
                        : check.check(probe, finished, link.addresses());
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
