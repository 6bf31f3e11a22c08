package dev.mailtls.frontend;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.lease.Leases;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.ProbeService;
import dev.mailtls.summary.GroupRunner;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the server gives every front end it runs.
 *
 * @param service probes, with the server's cache, limits and log
 * @param diagnoser turns results into cards, with the configured thresholds
 * @param options the probe options of the server (trust store, timeouts)
 * @param runner runs a provider preset or a host scan
 * @param publicUrl the web page's public base URL; null for no Open in browser button
 * @param domains runs {@code /mailtls domain example.com}; null where no domain checks are wired (tests)
 * @param leases where a front end takes a lease for what only one server may run (the Discord
 *     gateway): the history database that the servers share, or {@link Leases#local()}
 */
public record FrontEndContext(
        ProbeService service,
        Diagnoser diagnoser,
        ProbeOptions options,
        GroupRunner runner,
        @Nullable String publicUrl,
        @Nullable DomainChecks domains,
        Leases leases) {

    public FrontEndContext {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(diagnoser, "diagnoser");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(leases, "leases");
    }

    /** A server alone: local leases. */
    public FrontEndContext(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            GroupRunner runner,
            @Nullable String publicUrl,
            @Nullable DomainChecks domains) {
        this(service, diagnoser, options, runner, publicUrl, domains, Leases.local());
    }

    /** Without domain checks. */
    public FrontEndContext(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            GroupRunner runner,
            @Nullable String publicUrl) {
        this(service, diagnoser, options, runner, publicUrl, null, Leases.local());
    }
}
