package dev.mailtls.domain;

import dev.mailtls.net.Ticker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * The production {@link DomainDns}: dnsjava's {@link SimpleResolver} to one server (the system's
 * first resolver, or {@code --dns HOST[:PORT]}) under dnsjava's DNSSEC {@link ValidatingResolver},
 * which starts from the {@link TrustAnchors} (the IANA root keys unless replaced). Each question
 * waits at most the question timeout per message sent, and one method call at most the overall
 * bound, however many messages validation needs.
 *
 * <p>Before the first question, and again once the verdict is {@link #SUPPORT_TTL} old, it asks
 * whether the server can support validation at all ({@link DnssecSupport}). When it cannot, the
 * questions go to the server without the validator and every verdict is {@link
 * DnssecState#INDETERMINATE}: through a resolver that strips signatures the validator would call
 * every signed answer bogus, and would refuse answers the server gave.
 */
public final class DnsjavaDomainDns implements DomainDns {

    /** The environment variable that names the DNS server, as {@code --dns} does. */
    public static final String SERVER_ENVIRONMENT = "MAILTLS_DNS_SERVER";

    /** The environment variable that names a trust anchor file, as {@code --dnssec-anchor} does. */
    public static final String ANCHORS_ENVIRONMENT = "MAILTLS_DNSSEC_ANCHORS";

    public static final Duration DEFAULT_QUESTION_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_OVERALL_TIMEOUT = Duration.ofSeconds(15);

    /**
     * How long a {@link DnssecSupport} verdict is kept. A resolver's handling of DNSSEC changes
     * rarely (a laptop moves from the office network to a home router), so one answer serves every
     * check in the next two minutes of {@code mailtls serve}; the CLI runs one check anyway.
     */
    public static final Duration SUPPORT_TTL = Duration.ofMinutes(2);

    /** RFC 9715's advice for a UDP payload that is never fragmented; longer answers come over TCP. */
    private static final int EDNS_PAYLOAD = 1232;

    private final InetSocketAddress server;
    private final boolean systemResolver;
    private final TrustAnchors anchors;
    private final ValidatedQuestions validated;
    private final ValidatedQuestions unvalidated;
    private final DnssecSupportCheck supportCheck;
    private final Executor executor =
            command -> Thread.ofVirtual().name("mailtls-dns").start(command);

    private DnsjavaDomainDns(Builder builder, InetSocketAddress server, TrustAnchors anchors) {
        this.server = server;
        this.systemResolver = builder.server == null;
        this.anchors = anchors;
        SimpleResolver head = new SimpleResolver(server);
        head.setTimeout(builder.questionTimeout);
        ValidatingResolver resolver = new ValidatingResolver(head, builder.clock);
        try {
            resolver.loadTrustAnchors(new ByteArrayInputStream(anchors.text().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the trust anchors of " + anchors.source(), e);
        }
        this.validated = new ValidatedQuestions(
                resolver, true, server(), builder.questionTimeout, builder.overallTimeout, executor);
        SimpleResolver direct = new SimpleResolver(server);
        direct.setTimeout(builder.questionTimeout);
        direct.setEDNS(0, EDNS_PAYLOAD, ExtendedFlags.DO, List.of());
        this.unvalidated = new ValidatedQuestions(
                direct, false, server(), builder.questionTimeout, builder.overallTimeout, executor);
        this.supportCheck = new DnssecSupportCheck(
                unvalidated,
                validated,
                anchors.zones(),
                systemResolver ? "the system resolver " + address() : "the resolver " + address(),
                address(),
                anchors.source(),
                SUPPORT_TTL,
                builder.ticker,
                executor);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How the resolver is set up. Every setting has a default: the system resolver, the IANA root. */
    public static final class Builder {
        private @Nullable DnsServer server;
        private @Nullable TrustAnchors anchors;
        private Duration questionTimeout = DEFAULT_QUESTION_TIMEOUT;
        private Duration overallTimeout = DEFAULT_OVERALL_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.SYSTEM;

        private Builder() {}

        /** Ask this server instead of the system's resolver; null for the system's. */
        public Builder server(@Nullable DnsServer server) {
            this.server = server;
            return this;
        }

        /**
         * Ask the server {@code hostPort} ({@code --dns}, {@code MAILTLS_DNS_SERVER}).
         *
         * @throws IllegalArgumentException when the text is not {@code HOST[:PORT]}
         */
        public Builder server(String hostPort) {
            return server(DnsServer.parse(hostPort));
        }

        /** Validate from these anchors instead of the IANA root's. */
        public Builder trustAnchors(TrustAnchors anchors) {
            this.anchors = Objects.requireNonNull(anchors, "anchors");
            return this;
        }

        /** How long one message to the server waits for its answer. */
        public Builder questionTimeout(Duration timeout) {
            this.questionTimeout = positive(timeout, "question timeout");
            return this;
        }

        /** How long one {@link DomainDns} call waits in all (validation sends several messages). */
        public Builder overallTimeout(Duration timeout) {
            this.overallTimeout = positive(timeout, "overall timeout");
            return this;
        }

        /** The time signatures' validity periods are checked against. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The time {@link #SUPPORT_TTL} is measured on. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * @throws IllegalArgumentException when the server is a name that does not resolve
         */
        public DnsjavaDomainDns build() {
            InetSocketAddress address;
            if (server == null) {
                address = ResolverConfig.getCurrentConfig().server();
            } else {
                try {
                    address = new InetSocketAddress(InetAddress.getByName(server.host()), server.port());
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException(
                            "cannot find the address of the DNS server " + server + ": " + e.getMessage(), e);
                }
            }
            return new DnsjavaDomainDns(this, address, anchors == null ? TrustAnchors.ianaRoot() : anchors);
        }

        private static Duration positive(Duration timeout, String what) {
            Objects.requireNonNull(timeout, what);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the DNS " + what + " must be positive: " + timeout);
            }
            return timeout;
        }
    }

    /** The server every question goes to, as {@code host:port}. */
    public String server() {
        return systemResolver ? "the system resolver " + address() : address();
    }

    private String address() {
        String address = server.getAddress().getHostAddress();
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + server.getPort();
    }

    /**
     * The verdict in force, asked for again when it is {@link #SUPPORT_TTL} old or when the last
     * question got no answer; waits at most the overall timeout.
     */
    @Override
    public DnssecSupport dnssecSupport() {
        return supportCheck.verdict(true, validated.deadline());
    }

    /** The validator's questions, or the server's own when it cannot support validation. */
    private ValidatedQuestions questions(long deadline) {
        return supportCheck.verdict(false, deadline).indeterminate() ? unvalidated : validated;
    }

    public TrustAnchors trustAnchors() {
        return anchors;
    }

    @Override
    public DnsAnswer<MxRecord> mx(String domain) {
        long deadline = validated.deadline();
        return questions(deadline).ask(domain, Type.MX, deadline, record -> {
            MXRecord mx = (MXRecord) record;
            return new MxRecord(mx.getPriority(), mx.getTarget().toString());
        });
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
        long deadline = validated.deadline();
        ValidatedQuestions asked = questions(deadline);
        CompletableFuture<DnsAnswer<InetAddress>> v4 = CompletableFuture.supplyAsync(
                () -> asked.ask(host, Type.A, deadline, record -> ((ARecord) record).getAddress()), executor);
        CompletableFuture<DnsAnswer<InetAddress>> v6 = CompletableFuture.supplyAsync(
                () -> asked.ask(host, Type.AAAA, deadline, record -> ((AAAARecord) record).getAddress()), executor);
        return combine(v4.join(), v6.join());
    }

    /** A then AAAA; a failure of either fails both (a bogus one first), NXDOMAIN only when both say so. */
    private static DnsAnswer<InetAddress> combine(DnsAnswer<InetAddress> v4, DnsAnswer<InetAddress> v6) {
        for (DnsAnswer<InetAddress> answer : List.of(v4, v6)) {
            if (answer.dnssec() == DnssecState.BOGUS) {
                return answer;
            }
        }
        if (v4.outcome() == DnsAnswer.Outcome.FAILED) {
            return DnsAnswer.failed("A: " + v4.problem(), null);
        }
        if (v6.outcome() == DnsAnswer.Outcome.FAILED) {
            return DnsAnswer.failed("AAAA: " + v6.problem(), null);
        }
        DnssecState state = ValidatedQuestions.weaker(v4.dnssec(), v6.dnssec());
        if (v4.outcome() == DnsAnswer.Outcome.NXDOMAIN && v6.outcome() == DnsAnswer.Outcome.NXDOMAIN) {
            return DnsAnswer.nxdomain(state);
        }
        List<InetAddress> all = new ArrayList<>(v4.records());
        all.addAll(v6.records());
        return DnsAnswer.ok(all, state);
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        long deadline = validated.deadline();
        return questions(deadline).ask(name, Type.TXT, deadline, record -> {
            StringBuilder joined = new StringBuilder();
            for (byte[] part : ((TXTRecord) record).getStringsAsByteArrays()) {
                joined.append(new String(part, StandardCharsets.UTF_8));
            }
            return joined.toString();
        });
    }

    @Override
    public DnsAnswer<TlsaRecord> tlsa(String name) {
        long deadline = validated.deadline();
        return questions(deadline).ask(name, Type.TLSA, deadline, record -> {
            TLSARecord tlsa = (TLSARecord) record;
            return new TlsaRecord(
                    tlsa.getCertificateUsage(),
                    tlsa.getSelector(),
                    tlsa.getMatchingType(),
                    HexFormat.of().formatHex(tlsa.getCertificateAssociationData()));
        });
    }

    @Override
    public DnsAnswer<SrvRecord> srv(String name) {
        long deadline = validated.deadline();
        return questions(deadline).ask(name, Type.SRV, deadline, record -> {
            SRVRecord srv = (SRVRecord) record;
            return new SrvRecord(
                    srv.getPriority(),
                    srv.getWeight(),
                    srv.getPort(),
                    srv.getTarget().toString());
        });
    }

    @Override
    public String toString() {
        return "DNS via " + server() + ", DNSSEC from " + anchors.source();
    }
}
