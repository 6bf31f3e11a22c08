package dev.mailtls.service;

import dev.mailtls.probe.ConnectGate;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;

/** What the service runs for an admitted request: {@code Prober::probe}, or a test's stand-in. */
@FunctionalInterface
interface GatedProber {
    /** Probes, asking {@code gate} before each connection. */
    ProbeResult probe(ProbeRequest request, ConnectGate gate);
}
