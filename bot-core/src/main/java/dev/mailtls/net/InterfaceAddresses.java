package dev.mailtls.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * This host's interface addresses, read again once they are older than a few seconds, so an
 * address added after start-up (DHCP, a new container network) is denied within that time.
 */
final class InterfaceAddresses implements OwnAddresses {

    /** Reads the addresses; the production one walks {@link NetworkInterface}. */
    @FunctionalInterface
    interface Source {
        Set<InetAddress> read() throws SocketException;
    }

    private record Snapshot(Set<InetAddress> addresses, long readAtNanos) {}

    private final Source source;
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    // Not synchronized: the read is a system call, and callers run on virtual threads.
    private final ReentrantLock refresh = new ReentrantLock();
    private volatile Snapshot snapshot;

    InterfaceAddresses(Source source, LongSupplier nanoTime, Duration maxAge) {
        this.source = source;
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAge.toNanos();
        this.snapshot = new Snapshot(readOrEmpty(Set.of()), nanoTime.getAsLong());
    }

    @Override
    public Set<InetAddress> current() {
        Snapshot s = snapshot;
        if (nanoTime.getAsLong() - s.readAtNanos() < maxAgeNanos) {
            return s.addresses();
        }
        // One caller re-reads; the others keep the previous answer rather than queue behind it.
        if (refresh.tryLock()) {
            try {
                s = snapshot;
                if (nanoTime.getAsLong() - s.readAtNanos() >= maxAgeNanos) {
                    s = new Snapshot(readOrEmpty(s.addresses()), nanoTime.getAsLong());
                    snapshot = s;
                }
            } finally {
                refresh.unlock();
            }
        }
        return s.addresses();
    }

    /** The source's addresses without scope ids; the last ones when it fails (it never should). */
    private Set<InetAddress> readOrEmpty(Set<InetAddress> previous) {
        try {
            Set<InetAddress> out = new HashSet<>();
            for (InetAddress a : source.read()) {
                out.add(InetAddress.getByAddress(a.getAddress()));
            }
            return Collections.unmodifiableSet(out);
        } catch (SocketException | UnknownHostException e) {
            return previous;
        }
    }

    static Set<InetAddress> readInterfaces() throws SocketException {
        Set<InetAddress> out = new HashSet<>();
        java.util.Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
        if (all == null) {
            throw new SocketException("no network interface found");
        }
        for (NetworkInterface n : Collections.list(all)) {
            out.addAll(Collections.list(n.getInetAddresses()));
        }
        return out;
    }
}
