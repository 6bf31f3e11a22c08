package dev.mailtls.probe;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Asked right before each connection a probe makes (the first, a second look at the port, the
 * TLS 1.0/1.1 check), with the very address about to be connected to: no second lookup, so a
 * budget kept per address holds however the server was named. The probe service keeps such a
 * budget so that mailtls never hammers a server; the CLI's probes are unlimited.
 */
@FunctionalInterface
public interface ConnectGate {
    /** Lets every connection through. */
    ConnectGate UNLIMITED = address -> Optional.empty();

    /**
     * Takes one connection to {@code address} from the budget.
     *
     * @return empty when the connection may be made now; else why not, in one line, and the probe
     *     ends with {@link FailureCode#CONNECT_THROTTLED} without connecting
     */
    Optional<String> refusal(InetAddress address);
}
