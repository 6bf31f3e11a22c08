package dev.mailtls.probe;

import dev.mailtls.internal.tls.TlsWarmUp;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Resolver;
import dev.mailtls.net.SystemResolver;
import dev.mailtls.net.Ticker;
import dev.mailtls.tls.CertificateFacts;
import dev.mailtls.tls.TrustEvaluator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Probes one target, phase by phase, and always returns a {@link ProbeResult}: a closed port, a
 * silent server or a bad certificate is a result, never an exception. Blocking I/O; call it on a
 * virtual thread. Thread-safe.
 */
public final class Prober {
    /** Certificates whose facts a prober keeps: a fleet's intermediates and shared leafs, a few MB. */
    static final int CERTIFICATES_KEPT = 1024;

    /**
     * For a process that runs one command and exits (the command line, not {@code serve}): the
     * connections a probe makes beside its conversation run on platform threads, so the JVM exits as
     * soon as the answer is out instead of 300 ms later (see {@code IoThreads}).
     */
    public static void forOneShotProcess() {
        dev.mailtls.internal.io.IoThreads.usePlatformThreads();
    }

    /**
     * For a process that starts cold and is about to probe (the command line): begins, each on a
     * daemon thread of its own, the JDK's first TLS ClientHello and its key-share generators
     * (P-256's precomputed table alone took a fifth of a cold probe), so that they run on the second
     * core while the command line is parsed and the server is connected and greeted. The JDK's trust
     * anchors are loaded beside the first probe itself (see {@link #probe}), not here: they are
     * needed only once a chain is judged, and loading them during the parse slowed it. Nothing here
     * is a probe's result: the ClientHello is written to a buffer, never sent. Returns this prober
     * at once.
     */
    public Prober prepareFirstProbe() {
        Thread.ofPlatform().name("mailtls-prepare-keys").daemon(true).start(TlsWarmUp::keyShares);
        Thread.ofPlatform().name("mailtls-prepare-tls").daemon(true).start(TlsWarmUp::clientHello);
        return this;
    }

    /**
     * Starts loading the JDK's trust anchors on a daemon thread, once per prober, so that the first
     * probe's connection, greeting and handshake go on meanwhile; the chain's judgement waits for
     * them if they are not ready yet.
     */
    private void loadJdkAnchorsBeside() {
        if (trust.containsKey(Optional.empty()) || !loadingAnchors.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().name("mailtls-trust-anchors").daemon(true).start(() -> {
            try {
                trustFor(null);
            } catch (RuntimeException e) {
                // Not kept: the probe loads them on its own path and reports what fails there.
            }
        });
    }

    private TrustEvaluator trustFor(@Nullable Path ca) {
        return trust.computeIfAbsent(Optional.ofNullable(ca), p -> TrustEvaluator.jdkDefaults(ca));
    }

    private final Resolver resolver;
    private final Connector connector;
    private final Clock clock;
    private final Ticker ticker;
    private final AddressPolicy policy;
    private final int lookups;
    private final Map<Optional<Path>, TrustEvaluator> trust = new ConcurrentHashMap<>();
    private final AtomicBoolean loadingAnchors = new AtomicBoolean();

    /**
     * Certificates read before, across this prober's probes: a fleet's servers send the same
     * intermediates (and often one wildcard leaf), read once here instead of at every probe.
     */
    private final CertificateFacts certificates = new CertificateFacts(CERTIFICATES_KEPT);

    /** A prober that connects wherever names resolve: the CLI's default (the operator is the user). */
    public Prober(Resolver resolver, Clock clock) {
        this(resolver, clock, AddressPolicy.permitAll());
    }

    /** A prober that connects only to addresses and ports the policy allows (the server's). */
    public Prober(Resolver resolver, Clock clock, AddressPolicy policy) {
        this(resolver, clock, policy, Ticker.SYSTEM);
    }

    /**
     * A prober whose deadlines, timings and watchdog run on {@code ticker} (a test's fake one);
     * {@code clock} still dates the result and judges certificates.
     */
    public Prober(Resolver resolver, Clock clock, AddressPolicy policy, Ticker ticker) {
        this(resolver, clock, policy, ticker, Connector.MAX_OUTSTANDING_LOOKUPS);
    }

    private Prober(Resolver resolver, Clock clock, AddressPolicy policy, Ticker ticker, int lookups) {
        if (lookups < 1) {
            throw new IllegalArgumentException("outstanding lookups must be >= 1, was " + lookups);
        }
        this.resolver = resolver;
        this.connector = new Connector(resolver, policy, new Semaphore(lookups));
        this.policy = policy;
        this.clock = clock;
        this.ticker = ticker;
        this.lookups = lookups;
    }

    /**
     * This prober's resolver, clock and ticker under another address policy: the CLI's group runs that
     * write the server's history probe under the server's policy.
     */
    public Prober withPolicy(AddressPolicy policy) {
        return new Prober(resolver, clock, policy, ticker, lookups);
    }

    /**
     * This prober with room for {@code lookups} DNS lookups at once (64 unless given). Past them a
     * probe fails at once with {@link FailureCode#DNS_ERROR}, "too many DNS lookups": the bound is
     * for lookups the OS resolver never answers, so it must stay well above the probes that run at
     * once, or a burst of ordinary lookups meets it (a fleet run with 1,000 probes at once did).
     */
    public Prober withOutstandingLookups(int lookups) {
        return new Prober(resolver, clock, policy, ticker, lookups);
    }

    /** The address policy every connection of this prober passes. */
    public AddressPolicy policy() {
        return policy;
    }

    /** A prober on the system resolver and clock. */
    public static Prober system() {
        return new Prober(new SystemResolver(), Clock.systemUTC());
    }

    /** Probes with no limit on connections: the CLI's way (the operator is the user). */
    public ProbeResult probe(ProbeRequest request) {
        return probe(request, ConnectGate.UNLIMITED);
    }

    /**
     * Probes, asking {@code gate} before each connection the probe makes; a refusal ends the probe
     * with {@link FailureCode#CONNECT_THROTTLED}.
     */
    public ProbeResult probe(ProbeRequest request, ConnectGate gate) {
        Path ca = request.options().caFile();
        Supplier<TrustEvaluator> evaluator;
        if (ca == null) {
            // The JDK's anchors are needed only once the chain is judged: the connection, greeting
            // and handshake need not wait for them (a cold process loads them meanwhile).
            loadJdkAnchorsBeside();
            evaluator = () -> trustFor(null);
        } else {
            try {
                TrustEvaluator withCa = trustFor(ca);
                evaluator = () -> withCa;
            } catch (IllegalArgumentException e) {
                // An unusable CA file is bad input, and a result like any other, before any connection.
                return ProbeFlow.notStarted(request, clock, "the extra CA file cannot be used: " + e.getMessage());
            }
        }
        return new ProbeFlow(request, connector.gatedBy(gate), evaluator, certificates, clock, ticker).run();
    }
}
