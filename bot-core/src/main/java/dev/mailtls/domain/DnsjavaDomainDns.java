package dev.mailtls.domain;

import dev.mailtls.internal.text.HumanTime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * The production {@link DomainDns}: dnsjava's {@link SimpleResolver} to one server (the system's
 * first resolver, or {@code --dns HOST[:PORT]}) under dnsjava's DNSSEC {@link ValidatingResolver},
 * which starts from the {@link TrustAnchors} (the IANA root keys unless replaced). Each question
 * waits at most the question timeout per message sent, and one method call at most the overall
 * bound, however many messages validation needs.
 */
public final class DnsjavaDomainDns implements DomainDns {

    /** The environment variable that names the DNS server, as {@code --dns} does. */
    public static final String SERVER_ENVIRONMENT = "MAILTLS_DNS_SERVER";

    /** The environment variable that names a trust anchor file, as {@code --dnssec-anchor} does. */
    public static final String ANCHORS_ENVIRONMENT = "MAILTLS_DNSSEC_ANCHORS";

    public static final Duration DEFAULT_QUESTION_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_OVERALL_TIMEOUT = Duration.ofSeconds(15);

    /** CNAMEs followed beyond what the server put in one answer, as dnsjava's lookups allow. */
    private static final int MAX_CNAME_HOPS = 8;

    private final ValidatingResolver resolver;
    private final InetSocketAddress server;
    private final boolean systemResolver;
    private final TrustAnchors anchors;
    private final Duration questionTimeout;
    private final Duration overallTimeout;
    private final Executor executor =
            command -> Thread.ofVirtual().name("mailtls-dns").start(command);

    private DnsjavaDomainDns(Builder builder, InetSocketAddress server, TrustAnchors anchors) {
        this.server = server;
        this.systemResolver = builder.server == null;
        this.anchors = anchors;
        this.questionTimeout = builder.questionTimeout;
        this.overallTimeout = builder.overallTimeout;
        SimpleResolver head = new SimpleResolver(server);
        head.setTimeout(questionTimeout);
        this.resolver = new ValidatingResolver(head, builder.clock);
        try {
            resolver.loadTrustAnchors(new ByteArrayInputStream(anchors.text().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the trust anchors of " + anchors.source(), e);
        }
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
        String address = server.getAddress().getHostAddress();
        String text = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + server.getPort();
        return systemResolver ? "the system resolver " + text : text;
    }

    public TrustAnchors trustAnchors() {
        return anchors;
    }

    @Override
    public DnsAnswer<MxRecord> mx(String domain) {
        return ask(domain, Type.MX, deadline(), record -> {
            MXRecord mx = (MXRecord) record;
            return new MxRecord(mx.getPriority(), mx.getTarget().toString());
        });
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
        long deadline = deadline();
        CompletableFuture<DnsAnswer<InetAddress>> v4 = CompletableFuture.supplyAsync(
                () -> ask(host, Type.A, deadline, record -> ((ARecord) record).getAddress()), executor);
        CompletableFuture<DnsAnswer<InetAddress>> v6 = CompletableFuture.supplyAsync(
                () -> ask(host, Type.AAAA, deadline, record -> ((AAAARecord) record).getAddress()), executor);
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
        DnssecState state = weaker(v4.dnssec(), v6.dnssec());
        if (v4.outcome() == DnsAnswer.Outcome.NXDOMAIN && v6.outcome() == DnsAnswer.Outcome.NXDOMAIN) {
            return DnsAnswer.nxdomain(state);
        }
        List<InetAddress> all = new ArrayList<>(v4.records());
        all.addAll(v6.records());
        return DnsAnswer.ok(all, state);
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        return ask(name, Type.TXT, deadline(), record -> {
            StringBuilder joined = new StringBuilder();
            for (byte[] part : ((TXTRecord) record).getStringsAsByteArrays()) {
                joined.append(new String(part, StandardCharsets.UTF_8));
            }
            return joined.toString();
        });
    }

    @Override
    public DnsAnswer<TlsaRecord> tlsa(String name) {
        return ask(name, Type.TLSA, deadline(), record -> {
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
        return ask(name, Type.SRV, deadline(), record -> {
            SRVRecord srv = (SRVRecord) record;
            return new SrvRecord(
                    srv.getPriority(),
                    srv.getWeight(),
                    srv.getPort(),
                    srv.getTarget().toString());
        });
    }

    private long deadline() {
        return System.nanoTime() + overallTimeout.toNanos();
    }

    /**
     * One question, following a CNAME chain the server's answer leaves unfinished, with the weakest
     * DNSSEC verdict along the chain.
     */
    private <T> DnsAnswer<T> ask(String name, int type, long deadline, Function<org.xbill.DNS.Record, T> convert) {
        Name target = name(name);
        DnssecState chain = DnssecState.SECURE;
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            Message response;
            try {
                response = send(target, type, deadline);
            } catch (QuestionFailed e) {
                return DnsAnswer.failed(e.getMessage(), null);
            }
            int rcode = response.getRcode();
            DnssecState state =
                    weaker(chain, response.getHeader().getFlag(Flags.AD) ? DnssecState.SECURE : DnssecState.INSECURE);
            if (rcode == Rcode.SERVFAIL) {
                String reason = validationReason(response);
                return reason == null
                        ? DnsAnswer.failed(
                                server() + " answered SERVFAIL for " + target.toString(true) + " " + Type.string(type),
                                null)
                        : DnsAnswer.failed(reason, DnssecState.BOGUS);
            }
            if (rcode == Rcode.NXDOMAIN) {
                return DnsAnswer.nxdomain(state);
            }
            if (rcode != Rcode.NOERROR) {
                return DnsAnswer.failed(
                        server() + " answered " + Rcode.string(rcode) + " for " + target.toString(true) + " "
                                + Type.string(type),
                        null);
            }
            List<T> records = new ArrayList<>();
            List<org.xbill.DNS.Record> answer = response.getSection(Section.ANSWER);
            for (org.xbill.DNS.Record record : answer) {
                if (record.getType() == type) {
                    records.add(convert.apply(record));
                }
            }
            if (!records.isEmpty()) {
                return DnsAnswer.ok(records, state);
            }
            Name end = lastAlias(target, answer);
            if (end.equals(target)) {
                return DnsAnswer.ok(List.of(), state); // NODATA: the name exists without this type
            }
            chain = state;
            target = end;
        }
        return DnsAnswer.failed("more than " + MAX_CNAME_HOPS + " CNAMEs from " + name, null);
    }

    /** Where the CNAME records in {@code answer} lead from {@code start}. */
    private static Name lastAlias(Name start, List<org.xbill.DNS.Record> answer) {
        Name current = start;
        for (int i = 0; i <= answer.size(); i++) {
            Name next = null;
            for (org.xbill.DNS.Record record : answer) {
                if (record instanceof CNAMERecord cname && record.getName().equals(current)) {
                    next = cname.getTarget();
                }
            }
            if (next == null || next.equals(start)) {
                return current;
            }
            current = next;
        }
        return current;
    }

    private Message send(Name name, int type, long deadline) throws QuestionFailed {
        Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN));
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new QuestionFailed(noAnswer(overallTimeout));
        }
        CompletableFuture<Message> future = resolver.sendAsync(query, executor).toCompletableFuture();
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new QuestionFailed(noAnswer(overallTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuestionFailed(
                    "interrupted while asking " + server() + " for " + name.toString(true) + " " + Type.string(type));
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException ? unwrap(e.getCause()) : e;
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                throw new QuestionFailed(noAnswer(questionTimeout));
            }
            throw new QuestionFailed("cannot ask " + server() + " for " + name.toString(true) + " " + Type.string(type)
                    + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        }
    }

    private String noAnswer(Duration waited) {
        return "no answer from " + server() + " in " + HumanTime.of(waited.toMillis());
    }

    private static Throwable unwrap(Throwable cause) {
        Throwable current = cause;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The validator's reason for a bogus answer: a TXT record of its private class in the additional section. */
    private static @Nullable String validationReason(Message response) {
        for (org.xbill.DNS.Record record : response.getSection(Section.ADDITIONAL)) {
            if (record instanceof TXTRecord txt && record.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                return String.join("", txt.getStrings());
            }
        }
        return null;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".", Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: \"" + text + "\": " + e.getMessage(), e);
        }
    }

    private static DnssecState weaker(@Nullable DnssecState a, @Nullable DnssecState b) {
        if (a == null || b == null) {
            return a == null ? Objects.requireNonNullElse(b, DnssecState.INSECURE) : a;
        }
        return a.ordinal() > b.ordinal() ? a : b;
    }

    @Override
    public String toString() {
        return "DNS via " + server() + ", DNSSEC from " + anchors.source();
    }

    /** A question that ended without an answer; the message says why, in words. */
    private static final class QuestionFailed extends Exception {
        private static final long serialVersionUID = 1L;

        QuestionFailed(String message) {
            super(message, null, false, false);
        }
    }
}
