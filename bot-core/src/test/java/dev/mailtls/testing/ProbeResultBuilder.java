package dev.mailtls.testing;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Greeting;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.HostnameVerdict;
import dev.mailtls.tls.TlsOutcome;
import dev.mailtls.tls.TrustVerdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A fluent builder of one {@link ProbeResult}; every setter replaces one fact. See {@link ProbeResults}. */
public final class ProbeResultBuilder {
    private final String host;
    private final int port;
    private @Nullable Protocol protocol;
    private Transport transport;
    private @Nullable Transport requested;
    private ProbeOptions options = ProbeOptions.defaults();
    private List<String> addresses = List.of("142.250.102.108", "2a00:1450:400c:c0a::6c");
    private @Nullable String address = "142.250.102.108";
    private @Nullable Greeting greeting;
    private @Nullable List<String> capsBefore;
    private @Nullable List<String> capsAfter;
    private @Nullable StartTlsOutcome starttls;
    private boolean tls = true;
    private String tlsVersion = "TLSv1.3";
    private String cipherSuite = "TLS_AES_256_GCM_SHA384";
    private List<CertificateInfo> chain;
    private TrustVerdict trust = TrustVerdict.trusted("chain of 3 trusted by the JDK store");
    private HostnameVerdict hostname;
    private @Nullable AuthOutcome auth;
    private @Nullable Failure failure;
    private final Map<Phase, Long> timings = new EnumMap<>(Phase.class);
    private long total = 96;
    private @Nullable List<String> transcript;

    ProbeResultBuilder(String host, int port, @Nullable Protocol protocol, Transport transport) {
        this.host = host;
        this.port = port;
        this.protocol = protocol;
        this.transport = transport;
        this.requested = transport;
        this.chain = List.of(
                Certificates.leaf(host).build(),
                Certificates.intermediate().build(),
                Certificates.root().build());
        this.hostname = new HostnameVerdict(true, false, "matches the SAN " + host);
        timings.putAll(Map.of(Phase.RESOLVE, 3L, Phase.CONNECT, 11L, Phase.GREETING, 38L, Phase.HANDSHAKE, 24L));
    }

    public ProbeResultBuilder protocol(@Nullable Protocol p) {
        this.protocol = p;
        return this;
    }

    /** The transport finally used (the request's stays as it was, see {@link #requested}). */
    public ProbeResultBuilder transport(Transport t) {
        this.transport = t;
        return this;
    }

    /** The transport the user asked for; null is "auto". */
    public ProbeResultBuilder requested(@Nullable Transport t) {
        this.requested = t;
        return this;
    }

    public ProbeResultBuilder options(ProbeOptions o) {
        this.options = o;
        return this;
    }

    public ProbeResultBuilder addresses(String... all) {
        this.addresses = List.of(all);
        this.address = all.length == 0 ? null : all[0];
        return this;
    }

    public ProbeResultBuilder address(@Nullable String a) {
        this.address = a;
        return this;
    }

    public ProbeResultBuilder greeting(String... lines) {
        this.greeting = new Greeting(List.of(lines), true, 38);
        return this;
    }

    public ProbeResultBuilder greetingRefused(String... lines) {
        this.greeting = new Greeting(List.of(lines), false, 20);
        this.capsBefore = null;
        this.capsAfter = null;
        this.starttls = null;
        this.tls = transport == Transport.TLS;
        return failure(
                Phase.GREETING,
                FailureCode.SERVICE_REFUSED,
                "the server refused the session",
                String.join("\n", lines));
    }

    public ProbeResultBuilder greetingDelay(long ms) {
        Greeting g = Objects.requireNonNull(greeting, "set a greeting first");
        this.greeting = new Greeting(g.lines(), g.accepted(), ms);
        timings.put(Phase.GREETING, ms);
        return this;
    }

    public ProbeResultBuilder noGreeting() {
        this.greeting = null;
        this.capsBefore = null;
        this.capsAfter = null;
        this.starttls = null;
        return this;
    }

    public ProbeResultBuilder capsBefore(String... caps) {
        this.capsBefore = List.of(caps);
        return this;
    }

    public ProbeResultBuilder capsAfter(String... caps) {
        this.capsAfter = List.of(caps);
        return this;
    }

    public ProbeResultBuilder noCapsAfter() {
        this.capsAfter = null;
        return this;
    }

    public ProbeResultBuilder starttls(boolean offered, StartTlsOutcome.Answer answer, @Nullable String reply) {
        this.starttls = new StartTlsOutcome(offered, answer, reply, null);
        return this;
    }

    public ProbeResultBuilder starttls(@Nullable StartTlsOutcome outcome) {
        this.starttls = outcome;
        return this;
    }

    /** The STARTTLS/STLS command was refused: no TLS, no capabilities after. */
    public ProbeResultBuilder starttlsRefused(boolean offered, String reply) {
        this.starttls = new StartTlsOutcome(offered, StartTlsOutcome.Answer.REFUSED, reply, null);
        this.capsAfter = null;
        this.tls = false;
        return failure(
                Phase.STARTTLS,
                offered ? FailureCode.STARTTLS_REFUSED : FailureCode.STARTTLS_NOT_OFFERED,
                offered ? "STARTTLS was advertised but refused" : "STARTTLS is not offered and was refused",
                reply);
    }

    public ProbeResultBuilder injected(String bytes) {
        StartTlsOutcome s = Objects.requireNonNull(starttls, "set starttls first");
        this.starttls = new StartTlsOutcome(s.offered(), s.answer(), s.reply(), bytes);
        return this;
    }

    public ProbeResultBuilder noTls() {
        this.tls = false;
        return this;
    }

    public ProbeResultBuilder tls(String version, String suite) {
        this.tls = true;
        this.tlsVersion = version;
        this.cipherSuite = suite;
        return this;
    }

    public ProbeResultBuilder chain(CertificateInfo... certs) {
        this.chain = List.of(certs);
        return this;
    }

    public ProbeResultBuilder leaf(Certificates.Builder leaf) {
        List<CertificateInfo> c = new ArrayList<>(chain);
        c.set(0, leaf.build());
        this.chain = List.copyOf(c);
        return this;
    }

    public ProbeResultBuilder trust(TrustVerdict verdict) {
        this.trust = verdict;
        return this;
    }

    public ProbeResultBuilder hostname(HostnameVerdict verdict) {
        this.hostname = verdict;
        return this;
    }

    public ProbeResultBuilder auth(@Nullable AuthOutcome outcome) {
        this.auth = outcome;
        return this;
    }

    public ProbeResultBuilder failure(Phase phase, FailureCode code, String message, @Nullable String evidence) {
        this.failure = new Failure(phase, code, message, evidence);
        return this;
    }

    public ProbeResultBuilder timing(Phase phase, long ms) {
        timings.put(phase, ms);
        return this;
    }

    public ProbeResultBuilder timings(Map<Phase, Long> all) {
        timings.clear();
        timings.putAll(all);
        return this;
    }

    public ProbeResultBuilder total(long ms) {
        this.total = ms;
        return this;
    }

    public ProbeResultBuilder transcript(String... lines) {
        this.transcript = List.of(lines);
        return this;
    }

    public ProbeResult build() {
        TlsOutcome t = tls
                ? new TlsOutcome(
                        tlsVersion,
                        cipherSuite,
                        chain,
                        trust,
                        hostname,
                        new Target(host, port, protocol, transport).hostIsIpLiteral() ? null : host)
                : null;
        ProbeRequest request = new ProbeRequest(host, port, protocol, requested, options);
        return new ProbeResult(
                request,
                new Target(host, port, protocol, transport),
                ProbeResults.NOW,
                addresses,
                address,
                greeting,
                capsBefore,
                capsAfter,
                starttls,
                t,
                auth,
                failure,
                timings,
                total,
                transcript != null ? transcript : defaultTranscript());
    }

    private List<String> defaultTranscript() {
        List<String> lines = new ArrayList<>();
        lines.add("-- connected to " + address + ":" + port);
        if (greeting != null) {
            greeting.lines().forEach(l -> lines.add("S: " + l));
        }
        return lines;
    }
}
