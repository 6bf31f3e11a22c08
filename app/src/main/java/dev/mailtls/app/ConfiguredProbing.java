package dev.mailtls.app;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.domain.DomainCheck;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.tls.TrustEvaluator;
import java.time.Clock;
import java.util.Set;

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

    /**
     * The configuration's domain checks over {@code service}: MX probes through it, the MTA-STS fetch
     * under the configured ranges on port 443 with the JDK's trust store plus the CA file.
     */
    DomainChecks domainChecks(ServeConfig config, ProbeService service) {
        return new DomainChecks(
                config.dns().domainDns(),
                service,
                diagnoser,
                options,
                AddressPolicy.strict(config.allowCidrs(), config.denyCidrs(), Set.of(MTA_STS_PORT)),
                TrustEvaluator.jdkDefaults(config.caFile()),
                DomainCheck.DEFAULT_DEADLINE,
                Clock.systemUTC());
    }

    /** The only port an MTA-STS policy is fetched from (RFC 8461 §3.3). */
    static final int MTA_STS_PORT = 443;

    /** The CLI's own way for {@code provider} and {@code scan}: its permissive prober, the defaults. */
    static ConfiguredProbing cli(Prober prober) {
        return new ConfiguredProbing(prober, new Diagnoser(DiagnosisThresholds.defaults()), ProbeOptions.defaults());
    }
}
