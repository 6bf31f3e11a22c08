package dev.mailtls.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;

/**
 * The addresses of the machine mailtls runs on. A probe of one of them reaches the server's own
 * services (an admin port, a database, a sidecar), whatever range the address is in: the strict
 * policy denies them unless an operator allows the range. A seam, so tests inject their own.
 */
@FunctionalInterface
interface OwnAddresses {
    /** How long the interfaces' addresses are trusted before they are read again. */
    Duration REREAD_AFTER = Duration.ofSeconds(5);

    /** The current addresses, without scope ids. */
    Set<InetAddress> current();

    /** Every address of every interface ({@link java.net.NetworkInterface}), re-read after {@link #REREAD_AFTER}. */
    static OwnAddresses ofInterfaces() {
        return new InterfaceAddresses(InterfaceAddresses::readInterfaces, System::nanoTime, REREAD_AFTER);
    }

    /** None: for a policy that judges ranges only. */
    static OwnAddresses none() {
        return Set::of;
    }
}
