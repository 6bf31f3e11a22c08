package dev.mailtls.domain;

import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.service.ServiceResult;

/**
 * How a domain check probes one endpoint (an MX address on port 25, an SRV target): through the
 * probe service in {@code serve} (cache, dedupe, throttles, the address policy), straight through
 * the prober in the CLI. A throttled answer is shown as such, never retried in a loop.
 */
@FunctionalInterface
public interface EndpointProbes {
    ServiceResult probe(ProbeRequest request);
}
