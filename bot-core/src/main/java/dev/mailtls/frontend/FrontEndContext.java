package dev.mailtls.frontend;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainChecks;
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
 */
public record FrontEndContext(
        ProbeService service,
        Diagnoser diagnoser,
        ProbeOptions options,
        GroupRunner runner,
        @Nullable String publicUrl,
        @Nullable DomainChecks domains) {

    public FrontEndContext {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(diagnoser, "diagnoser");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(runner, "runner");
    }

    /** Without domain checks. */
    public FrontEndContext(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            GroupRunner runner,
            @Nullable String publicUrl) {
        this(service, diagnoser, options, runner, publicUrl, null);
    }
}
