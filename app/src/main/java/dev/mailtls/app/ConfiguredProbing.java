package dev.mailtls.app;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;

/**
 * How probes run and are judged under a configuration: the strict address policy, the extra CA
 * file and the certificate thresholds. {@code serve} and {@code summary} build it here, in one
 * place, so a run from the CLI writes the same history the server's runs would.
 */
record ConfiguredProbing(Prober prober, Diagnoser diagnoser, ProbeOptions options) {

    /** The server's way: {@code base}'s resolver and clock under the configuration's policy. */
    static ConfiguredProbing of(ServeConfig config, Prober base) {
        ProbeOptions options = ProbeOptions.defaults();
        if (config.caFile() != null) {
            options = options.withCaFile(config.caFile());
        }
        return new ConfiguredProbing(
                base.withPolicy(config.addressPolicy()),
                new Diagnoser(config.groups().thresholds()),
                options);
    }

    /** The CLI's own way for {@code provider} and {@code scan}: its permissive prober, the defaults. */
    static ConfiguredProbing cli(Prober prober) {
        return new ConfiguredProbing(prober, new Diagnoser(DiagnosisThresholds.defaults()), ProbeOptions.defaults());
    }
}
