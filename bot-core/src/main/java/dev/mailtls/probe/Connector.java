package dev.mailtls.probe;

import dev.mailtls.internal.io.ClientSockets;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.io.Watchdog;
import dev.mailtls.internal.protocol.Transcript;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Resolver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** The resolve and connect phases: every address through the resolver seam, then the first that answers. */
final class Connector {
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Lookups that may be outstanding at once. A lookup the deadline gave up on keeps its thread
     * blocked in the OS resolver (getaddrinfo cannot be interrupted) until the OS answers; this
     * bounds how many such threads a flood of slow names can pile up. Well above the probe service's
     * concurrency (16), so only lookups that hang hold it.
     */
    static final int MAX_OUTSTANDING_LOOKUPS = 64;

    private final Resolver resolver;
    private final AddressPolicy policy;
    private final Semaphore lookups;
    private final ConnectGate gate;

    Connector(Resolver resolver, AddressPolicy policy) {
        this(resolver, policy, new Semaphore(MAX_OUTSTANDING_LOOKUPS));
    }

    /** With the permits for outstanding lookups (a test's, to see them come back). */
    Connector(Resolver resolver, AddressPolicy policy, Semaphore lookups) {
        this(resolver, policy, lookups, ConnectGate.UNLIMITED);
    }

    private Connector(Resolver resolver, AddressPolicy policy, Semaphore lookups, ConnectGate gate) {
        this.resolver = resolver;
        this.policy = policy;
        this.lookups = lookups;
        this.gate = gate;
    }

    /**
     * This connector for one probe, asking {@code gate} before each connection it makes; the
     * lookup permits stay shared, so the bound on outstanding lookups holds across probes.
     */
    Connector gatedBy(ConnectGate gate) {
        return new Connector(resolver, policy, lookups, gate);
    }

    /** The addresses a name resolved to (null when it did not), and what the lookup found. */
    record Resolution(@Nullable List<InetAddress> addresses, Facts found) {}

    /** A connected socket (null when none could be made), and what the attempts found. */
    record Connection(@Nullable Socket socket, Facts found) {}

    /** Resolves the host; the failure is in what it found when it cannot. */
    Resolution resolve(ProbeRequest request, Transcript transcript, Deadline deadline) {
        long t0 = deadline.ticker().nanos();
        String host = request.host();
        Facts found = Facts.NONE;
        if (!lookups.tryAcquire()) {
            // Fail fast rather than queue: the lookups ahead are the ones that hang.
            found = Facts.failed(
                    Phase.RESOLVE,
                    FailureCode.DNS_ERROR,
                    "not resolving " + host + ": too many DNS lookups are still waiting for an answer; try again later",
                    null);
            return new Resolution(null, found.took(Phase.RESOLVE, millisSince(deadline, t0)));
        }
        FutureTask<List<InetAddress>> lookup = new FutureTask<>(() -> resolver.resolve(host));
        Runnable lookupThenRelease = () -> {
            try {
                lookup.run();
            } finally {
                // Released when the lookup ends, not when the probe stops waiting for it.
                lookups.release();
            }
        };
        Thread lookupThread;
        try {
            lookupThread = Thread.ofVirtual().name("mailtls-resolve").start(lookupThenRelease);
        } catch (RuntimeException | OutOfMemoryError e) {
            lookups.release();
            throw e;
        }
        List<InetAddress> resolved = null;
        try {
            List<InetAddress> all = lookup.get(deadline.timeoutMillis(RESOLVE_TIMEOUT), TimeUnit.MILLISECONDS);
            List<String> literals =
                    all.stream().map(InetAddress::getHostAddress).toList();
            found = found.withAddresses(literals);
            transcript.note("resolved " + host + " to " + String.join(", ", literals));
            if (all.isEmpty()) {
                found = found.with(
                        new Failure(Phase.RESOLVE, FailureCode.DNS_NOT_FOUND, host + " has no A or AAAA record"));
            } else {
                resolved = all;
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownHostException) {
                found = found.with(new Failure(
                        Phase.RESOLVE, FailureCode.DNS_NOT_FOUND, host + " does not resolve (no such name)"));
            } else {
                found = found.with(
                        new Failure(Phase.RESOLVE, FailureCode.DNS_ERROR, "resolving " + host + " failed: " + cause));
            }
        } catch (TimeoutException e) {
            // An interrupt ends a resolver that listens; the OS resolver does not, and its lookup
            // keeps its permit until the OS answers.
            lookupThread.interrupt();
            found = found.with(
                    new Failure(Phase.RESOLVE, FailureCode.DNS_ERROR, "no DNS answer for " + host + " in time"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            found = found.with(
                    new Failure(Phase.RESOLVE, FailureCode.DNS_ERROR, "interrupted while resolving " + host));
        }
        return new Resolution(resolved, found.took(Phase.RESOLVE, millisSince(deadline, t0)));
    }

    /**
     * Connects to the first address that accepts, in order, within the connect timeout per address
     * and the deadline overall. Finds the address used, or (with {@code recordFailure}) the failure
     * of the last attempt; notes each attempt in {@code transcript}.
     */
    Connection connect(
            ProbeRequest request,
            Transcript transcript,
            List<InetAddress> addresses,
            Deadline deadline,
            Watchdog watchdog,
            boolean recordFailure) {
        long t0 = deadline.ticker().nanos();
        Duration connectTimeout = request.options().connectTimeout();
        Facts found = Facts.NONE;
        FailureCode lastCode = FailureCode.CONNECT_ERROR;
        String lastMessage = "no address to connect to";
        for (InetAddress a : addresses) {
            if (deadline.expired()) {
                break;
            }
            String where = literal(a) + ":" + request.port();
            // The policy judges the very address connected to below: no second lookup.
            java.util.Optional<String> refused = policy.refusal(a, request.port());
            if (refused.isPresent()) {
                lastCode = FailureCode.ADDRESS_DENIED;
                lastMessage = refused.get();
                transcript.note("not connecting to " + where + ": " + refused.get());
                continue;
            }
            // Every connection a probe makes counts against the budget of the address it goes to.
            java.util.Optional<String> held = gate.refusal(a);
            if (held.isPresent()) {
                transcript.note("not connecting to " + where + ": " + held.get());
                if (recordFailure) {
                    found = Facts.failed(Phase.CONNECT, FailureCode.CONNECT_THROTTLED, held.get(), null);
                }
                return new Connection(null, found.took(Phase.CONNECT, millisSince(deadline, t0)));
            }
            Socket s = watchdog.watch(ClientSockets.unconnected());
            try {
                s.connect(new InetSocketAddress(a, request.port()), deadline.timeoutMillis(connectTimeout));
                found = found.withAddress(a.getHostAddress());
                transcript.note("connected to " + where);
                return new Connection(s, found.took(Phase.CONNECT, millisSince(deadline, t0)));
            } catch (IOException e) {
                closeQuietly(s);
                lastCode = classify(e);
                lastMessage = describe(lastCode, where, connectTimeout, e);
                transcript.note("connect " + where + ": " + lastMessage);
            }
        }
        if (recordFailure) {
            found = Facts.failed(Phase.CONNECT, lastCode, lastMessage, null);
        }
        return new Connection(null, found.took(Phase.CONNECT, millisSince(deadline, t0)));
    }

    private static long millisSince(Deadline deadline, long t0) {
        return (deadline.ticker().nanos() - t0) / 1_000_000;
    }

    static FailureCode classify(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException || m.contains("timed out")) {
            return FailureCode.CONNECT_TIMEOUT;
        }
        if (e instanceof NoRouteToHostException || m.contains("unreachable") || m.contains("no route")) {
            return FailureCode.CONNECT_UNREACHABLE;
        }
        if (e instanceof ConnectException && m.contains("refused")) {
            return FailureCode.CONNECT_REFUSED;
        }
        return FailureCode.CONNECT_ERROR;
    }

    private static String describe(FailureCode code, String where, Duration timeout, IOException e) {
        return switch (code) {
            case CONNECT_TIMEOUT -> "no answer from " + where + " within " + timeout.toSeconds() + " s";
            case CONNECT_REFUSED -> where + " refused the connection";
            case CONNECT_UNREACHABLE -> where + " is unreachable: " + e.getMessage();
            default -> "connecting to " + where + " failed: " + e.getMessage();
        };
    }

    static String literal(InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    static void closeQuietly(@Nullable Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Nothing more to do.
            }
        }
    }
}
