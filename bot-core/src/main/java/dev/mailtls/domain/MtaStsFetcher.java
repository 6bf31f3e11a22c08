package dev.mailtls.domain;

import dev.mailtls.domain.MtaStsFetch.Failure;
import dev.mailtls.domain.MtaStsFetch.Reason;
import dev.mailtls.domain.MtaStsFetch.Step;
import dev.mailtls.internal.io.ClientSockets;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.io.Watchdog;
import dev.mailtls.internal.tls.HostnameMatcher;
import dev.mailtls.internal.tls.TlsHandshake;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Ticker;
import dev.mailtls.probe.ConnectGate;
import dev.mailtls.tls.HostnameVerdict;
import dev.mailtls.tls.TrustEvaluator;
import dev.mailtls.tls.TrustVerdict;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Fetches {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} as RFC 8461 §3.3 tells senders
 * to: the host's addresses through {@link DomainDns}, each judged by the {@link AddressPolicy}
 * before it is connected to (the address checked is the address used: no second lookup), port 443
 * only, TLS with SNI and the certificate validated against the trust store and for the host name,
 * no redirects followed, 200 and {@code text/plain} only, at most {@link #MAX_POLICY_BYTES}, and one
 * deadline for all of it that a slow server cannot stretch.
 */
public final class MtaStsFetcher {
    /** The deadline of {@link #fetch(String)}. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    /** The most policy read: RFC 8461 §3.3 leaves the bound to senders, and 64 KiB is far above any real policy. */
    public static final int MAX_POLICY_BYTES = 64 * 1024;

    static final int HTTPS_PORT = 443;
    static final String PATH = "/.well-known/mta-sts.txt";

    private final DomainDns dns;
    private final AddressPolicy policy;
    private final TrustEvaluator trust;
    private final Clock clock;
    private final Ticker ticker;
    private final int port;

    public MtaStsFetcher(DomainDns dns, AddressPolicy policy, TrustEvaluator trust) {
        this(dns, policy, trust, Clock.systemUTC(), Ticker.SYSTEM);
    }

    /**
     * @param clock the instant certificates are judged at
     * @param ticker the monotonic time the deadline and the timings are measured on
     */
    public MtaStsFetcher(DomainDns dns, AddressPolicy policy, TrustEvaluator trust, Clock clock, Ticker ticker) {
        this(dns, policy, trust, clock, ticker, HTTPS_PORT);
    }

    /** With another port than 443: for tests' loopback servers only. */
    MtaStsFetcher(DomainDns dns, AddressPolicy policy, TrustEvaluator trust, Clock clock, Ticker ticker, int port) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.port = port;
    }

    /** {@link #fetch(String, Duration)} with {@link #DEFAULT_DEADLINE}. */
    public MtaStsFetch fetch(String domain) {
        return fetch(domain, DEFAULT_DEADLINE);
    }

    /**
     * Fetches the policy of {@code domain} within {@code deadline}, resolve to last byte.
     *
     * @throws IllegalArgumentException when {@code domain} is not a host name
     */
    public MtaStsFetch fetch(String domain, Duration deadline) {
        return fetch(domain, deadline, ConnectGate.UNLIMITED);
    }

    /**
     * Fetches the policy of {@code domain} within {@code deadline}, each connection taken from
     * {@code gate} (the probe service's per-address budget) with the very address about to be
     * connected to; a connection the gate holds back is not made, and a fetch with no other address
     * fails as {@link Reason#THROTTLED}.
     *
     * @throws IllegalArgumentException when {@code domain} is not a host name
     */
    public MtaStsFetch fetch(String domain, Duration deadline, ConnectGate gate) {
        Objects.requireNonNull(gate, "gate");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the MTA-STS fetch deadline must be positive, was " + deadline);
        }
        String name = domain.strip().toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        String host = "mta-sts." + name;
        try {
            new SNIHostName(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a domain name: '" + domain + "'", e);
        }
        return new Run(host, deadline, gate).fetch();
    }

    /** One fetch's state: what it found so far and the deadline it runs under. */
    private final class Run {
        private final String host;
        private final String url;
        private final Duration budget;
        private final Deadline deadline;
        private final long start;
        private final Map<Step, Long> timings = new EnumMap<>(Step.class);
        private List<String> addresses = List.of();
        private final List<String> refused = new ArrayList<>();
        private final List<String> held = new ArrayList<>();
        private final ConnectGate gate;
        private @Nullable String address;

        Run(String host, Duration budget, ConnectGate gate) {
            this.host = host;
            this.gate = gate;
            this.url = "https://" + host + (port == HTTPS_PORT ? "" : ":" + port) + PATH;
            this.budget = budget;
            this.start = ticker.nanos();
            this.deadline = Deadline.after(budget, ticker);
        }

        MtaStsFetch fetch() {
            long t = ticker.nanos();
            List<InetAddress> resolved = new ArrayList<>();
            Failure failure = resolve(resolved);
            took(Step.RESOLVE, t);
            if (failure != null) {
                return end(null, failure);
            }
            try (Watchdog guard = new Watchdog(deadline)) {
                return connectAndGet(resolved, guard);
            }
        }

        private @Nullable Failure resolve(List<InetAddress> into) {
            FutureTask<DnsAnswer<InetAddress>> lookup = new FutureTask<>(() -> dns.addresses(host));
            Thread thread = Thread.ofVirtual().name("mailtls-mta-sts-resolve").start(lookup);
            DnsAnswer<InetAddress> answer;
            try {
                answer = lookup.get(deadline.timeoutMillis(budget), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                thread.interrupt();
                return timeout("no DNS answer for " + host);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Failure(Reason.TIMEOUT, "interrupted while resolving " + host);
            } catch (ExecutionException e) {
                return new Failure(Reason.DNS, "resolving " + host + " failed: " + e.getCause());
            }
            return switch (answer.outcome()) {
                case NXDOMAIN ->
                    new Failure(
                            Reason.DNS, host + " does not exist (NXDOMAIN): the policy host needs an A or AAAA record");
                case FAILED -> new Failure(Reason.DNS, "resolving " + host + " failed: " + answer.problem());
                case OK -> {
                    addresses = answer.records().stream()
                            .map(InetAddress::getHostAddress)
                            .toList();
                    into.addAll(answer.records());
                    yield answer.records().isEmpty()
                            ? new Failure(Reason.DNS, host + " has no A or AAAA record")
                            : null;
                }
            };
        }

        private MtaStsFetch connectAndGet(List<InetAddress> resolved, Watchdog guard) {
            long t = ticker.nanos();
            List<String> unreachable = new ArrayList<>();
            Socket raw = null;
            for (InetAddress a : resolved) {
                if (deadline.expired()) {
                    break;
                }
                // The policy judges the very address connected to below.
                var refusal = policy.refusal(a, port);
                if (refusal.isPresent()) {
                    refused.add(refusal.get());
                    continue;
                }
                var heldBack = gate.refusal(a);
                if (heldBack.isPresent()) {
                    held.add(heldBack.get());
                    continue;
                }
                Socket s = guard.watch(ClientSockets.unconnected());
                try {
                    s.connect(new InetSocketAddress(a, port), deadline.timeoutMillis(budget));
                    raw = s;
                    address = a.getHostAddress();
                    break;
                } catch (IOException e) {
                    Watchdog.closeQuietly(s);
                    unreachable.add(a.getHostAddress() + " port " + port + ": " + e.getMessage());
                }
            }
            took(Step.CONNECT, t);
            if (raw == null) {
                if (deadline.expired() || guard.fired()) {
                    return end(null, timeout("no connection to " + host));
                }
                if (unreachable.isEmpty() && !held.isEmpty()) {
                    return end(
                            null,
                            new Failure(
                                    Reason.THROTTLED,
                                    "not connecting to " + host + " now: " + String.join("; ", held)));
                }
                if (unreachable.isEmpty()) {
                    return end(
                            null,
                            new Failure(
                                    Reason.ADDRESS_DENIED,
                                    "not connecting to " + host + ": " + String.join("; ", refused)));
                }
                List<String> all = new ArrayList<>(unreachable);
                all.addAll(refused);
                return end(
                        null,
                        new Failure(Reason.CONNECT, "could not connect to " + host + ": " + String.join("; ", all)));
            }
            return handshakeAndGet(raw, guard);
        }

        private MtaStsFetch handshakeAndGet(Socket raw, Watchdog guard) {
            long t = ticker.nanos();
            TlsHandshake.Captured c = TlsHandshake.run(raw, host, port, host, null, deadline.timeoutMillis(budget));
            took(Step.HANDSHAKE, t);
            if (!c.ok() || c.socket() == null) {
                if (deadline.expired() || guard.fired()) {
                    return end(null, timeout("no TLS handshake with " + host + " (" + address + ")"));
                }
                return end(
                        null,
                        new Failure(
                                Reason.TLS_HANDSHAKE,
                                "the TLS handshake with " + host + " (" + address + ") failed: "
                                        + (c.error() == null
                                                ? "no session"
                                                : c.error().getMessage())));
            }
            SSLSocket ssl = guard.watch(c.socket());
            TrustVerdict verdict = trust.evaluate(c.chain(), clock.instant());
            if (!verdict.trusted()) {
                Watchdog.closeQuietly(ssl);
                return end(
                        null,
                        new Failure(
                                Reason.TLS_UNTRUSTED,
                                "the certificate of " + host + " is not trusted: " + verdict.reason()
                                        + "; senders do not use a policy served so (RFC 8461 §3.3)"));
            }
            HostnameVerdict name = HostnameMatcher.match(host, c.chain().get(0));
            if (!name.matches() || name.viaCommonName()) {
                // A match through the subject CN alone is a mismatch to today's senders' TLS libraries.
                Watchdog.closeQuietly(ssl);
                return end(
                        null,
                        new Failure(
                                Reason.TLS_NAME_MISMATCH,
                                "the certificate of " + host + " is not valid for " + host + ": " + name.reason()));
            }
            return get(ssl, guard);
        }

        private MtaStsFetch get(SSLSocket ssl, Watchdog guard) {
            long t = ticker.nanos();
            try {
                ssl.setSoTimeout(deadline.timeoutMillis(budget));
                OutputStream out = ssl.getOutputStream();
                String request = "GET " + PATH + " HTTP/1.1\r\n"
                        + "Host: " + host + "\r\n"
                        + "User-Agent: mailtls\r\n"
                        + "Accept: text/plain\r\n"
                        + "Connection: close\r\n\r\n";
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                PolicyResponse.Outcome outcome =
                        PolicyResponse.read(new BufferedInputStream(ssl.getInputStream()), url, MAX_POLICY_BYTES);
                took(Step.RESPONSE, t);
                return end(outcome.body(), outcome.failure());
            } catch (IOException e) {
                took(Step.RESPONSE, t);
                if (deadline.expired() || guard.fired()) {
                    return end(null, timeout("no complete answer from " + host + " (" + address + ")"));
                }
                return end(
                        null,
                        new Failure(
                                Reason.BAD_RESPONSE,
                                "reading the answer to GET " + url + " from " + address + " failed: "
                                        + e.getMessage()));
            } finally {
                Watchdog.closeQuietly(ssl);
            }
        }

        private Failure timeout(String what) {
            return new Failure(Reason.TIMEOUT, what + " within the fetch's deadline of " + seconds(budget));
        }

        private void took(Step step, long since) {
            timings.put(step, (ticker.nanos() - since) / 1_000_000);
        }

        private MtaStsFetch end(@Nullable String body, @Nullable Failure failure) {
            long total = (ticker.nanos() - start) / 1_000_000;
            return new MtaStsFetch(host, url, addresses, refused, address, body, failure, timings, total);
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
