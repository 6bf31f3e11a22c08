package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.card.MarkdownRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-server corpus: servers that misbehave in one way each (silent, trickling, garbage,
 * binary, another service, huge lines, endless greetings, closing, refusing, the wrong transport,
 * closing mid-handshake, bad certificates, huge chains, STARTTLS injection), across SMTP, IMAP and
 * POP3 where the fault applies. Every case asserts what must never happen: the probe outlives its
 * deadline, ends with a code other than the stable one for that fault, or yields a card that does
 * not render.
 */
@Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class ProberHostileServerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    /** The large-chain cases need a second connection and a large handshake. */
    private static final Duration LARGE_DEADLINE = Duration.ofSeconds(10);
    /** Scheduling slack on a loaded 2-core machine; the watchdog closes sockets at the deadline. */
    private static final long SLACK_MS = 1500;

    private static final TestPki PKI = TestPki.create();

    private final Prober prober = new Prober(TestResolver.loopback("mx.test"), Clock.systemUTC());
    private final Diagnoser diagnoser = new Diagnoser(DiagnosisThresholds.defaults());

    /** A loopback server of either kind. */
    interface Server extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    static Server of(FaultServer s) {
        return new Server() {
            @Override
            public int port() {
                return s.port();
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    static Server of(ScriptedMailServer s) {
        return new Server() {
            @Override
            public int port() {
                return s.port();
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    /**
     * One fault.
     *
     * @param failures the failure codes the probe may end with; empty when it must succeed
     * @param hints the hint codes of which at least one must be shown
     */
    record Case(
            Protocol protocol,
            Transport transport,
            Supplier<Server> server,
            Duration deadline,
            Set<FailureCode> failures,
            Set<HintCode> hints,
            Consumer<ProbeResult> extra) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void hostileServerEndsByItsDeadlineWithAStableCodeAndARenderableCard(Case c) {
        ProbeOptions o = ProbeOptions.defaults()
                .withDeadline(c.deadline())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500))
                .withLegacyTlsCheck(false);
        ProbeResult r;
        try (Server s = c.server().get()) {
            long t0 = System.nanoTime();
            r = prober.probe(new ProbeRequest("mx.test", s.port(), c.protocol(), c.transport(), o));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("probe wall time").isLessThan(c.deadline().toMillis() + SLACK_MS);
            assertThat(r.totalMs()).isLessThan(c.deadline().toMillis() + SLACK_MS);
        }
        ProbeResult result = r;
        String transcript = String.join("\n", result.transcript());
        if (c.failures().isEmpty()) {
            assertThat(result.failure()).as(transcript).isNull();
        } else {
            assertThat(result.failure()).as(transcript).isNotNull();
            assertThat(result.failure().code()).as(transcript).isIn(c.failures());
        }
        Report report = Report.of(result, diagnoser);
        List<HintCode> shown = report.hints().stream().map(Hint::code).toList();
        assertThat(shown).as(transcript).containsAnyElementsOf(c.hints());
        Card card = Card.of(report);
        String text = new TextRenderer().render(card);
        String markdown = new MarkdownRenderer().render(card);
        String json = new JsonRenderer().render(report);
        for (String rendered : List.of(text, markdown, json)) {
            assertThat(c.hints().stream().anyMatch(h -> rendered.contains(h.name())))
                    .as("a card names the expected code:\n" + rendered)
                    .isTrue();
            assertThat(rendered).doesNotContain("\u0000").doesNotContain("Exception\n\tat ");
        }
        c.extra().accept(result);
    }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            shared(p, cases);
        }
        smtpOnly(cases);
        return cases.stream();
    }

    private static void shared(Protocol p, List<Arguments> cases) {
        String greeting = greeting(p);
        add(
                cases,
                "silent server, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.silent()),
                        DEADLINE,
                        EnumSet.of(FailureCode.NO_GREETING),
                        EnumSet.of(HintCode.NO_GREETING),
                        r -> {
                            assertThat(r.failure().phase()).isEqualTo(Phase.GREETING);
                            assertThat(r.address()).isEqualTo("127.0.0.1");
                        }));
        add(
                cases,
                "silent implicit-TLS port, " + p,
                new Case(
                        p,
                        Transport.TLS,
                        () -> of(FaultServer.silent()),
                        DEADLINE,
                        EnumSet.of(FailureCode.DEADLINE_EXCEEDED, FailureCode.HANDSHAKE_FAILED),
                        EnumSet.of(HintCode.DEADLINE_EXCEEDED, HintCode.HANDSHAKE_FAILED),
                        r -> {}));
        add(
                cases,
                "tarpit trickling its greeting inside the read timeout, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        // Each byte comes well inside the 1 s read timeout, so only the deadline can stop it.
                        () -> of(FaultServer.tarpit(greeting, Duration.ofMillis(300))),
                        DEADLINE,
                        EnumSet.of(FailureCode.DEADLINE_EXCEEDED),
                        EnumSet.of(HintCode.DEADLINE_EXCEEDED),
                        r -> {
                            assertThat(r.failure().phase()).isEqualTo(Phase.GREETING);
                            assertThat(r.failure().evidence()).startsWith("received so far: " + greeting.charAt(0));
                            assertThat(r.totalMs()).isGreaterThanOrEqualTo(DEADLINE.toMillis() - 300);
                        }));
        add(
                cases,
                "tarpit slower than the read timeout, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.tarpit(greeting, Duration.ofMillis(2500))),
                        DEADLINE,
                        EnumSet.of(FailureCode.READ_TIMEOUT),
                        EnumSet.of(HintCode.NO_GREETING),
                        r -> assertThat(r.failure().evidence()).isEqualTo("received so far: " + greeting.charAt(0))));
        add(
                cases,
                "64 KiB of random bytes, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.garbage(65536)),
                        DEADLINE,
                        EnumSet.of(FailureCode.UNEXPECTED_REPLY, FailureCode.LINE_TOO_LONG),
                        EnumSet.of(HintCode.UNEXPECTED_GREETING, HintCode.PROTOCOL_ERROR),
                        r -> assertThat(r.failure().evidence()).isNotNull().doesNotContain("\u0000")));
        add(
                cases,
                "binary line with NUL and 0xFF, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.sends("binary", new byte[] {0, 0, 0, -1, -2, 0x1b, 'x', '\r', '\n'})),
                        DEADLINE,
                        EnumSet.of(FailureCode.UNEXPECTED_REPLY),
                        EnumSet.of(HintCode.UNEXPECTED_GREETING),
                        r -> assertThat(r.failure().evidence()).doesNotContain("\u0000", "\u001b")));
        add(
                cases,
                "another service (SSH) on the port, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.sends(
                                "ssh", "SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII))),
                        DEADLINE,
                        EnumSet.of(FailureCode.UNEXPECTED_REPLY),
                        EnumSet.of(HintCode.UNEXPECTED_GREETING),
                        r -> assertThat(r.failure().evidence()).contains("SSH-2.0")));
        Protocol other = p == Protocol.SMTP ? Protocol.IMAP : Protocol.SMTP;
        add(
                cases,
                "another mail protocol (" + other + ") on the port, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.refusing(greeting(other))),
                        DEADLINE,
                        EnumSet.of(FailureCode.UNEXPECTED_REPLY),
                        EnumSet.of(HintCode.UNEXPECTED_GREETING),
                        r -> assertThat(r.failure().message())
                                .isEqualTo("the server's first line is not " + p.withArticle()
                                        + " greeting: it looks like " + other.withArticle() + " greeting")));
        add(
                cases,
                "one line of 1 MiB, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.hugeLine(FaultServer.ONE_MIB)),
                        DEADLINE,
                        EnumSet.of(FailureCode.LINE_TOO_LONG),
                        EnumSet.of(HintCode.PROTOCOL_ERROR),
                        r -> assertThat(String.join("", r.transcript()).length())
                                .isLessThan(200_000)));
        add(
                cases,
                "close at once, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.closeImmediately()),
                        DEADLINE,
                        EnumSet.of(FailureCode.CONNECTION_CLOSED),
                        EnumSet.of(HintCode.SERVICE_REFUSED),
                        r -> {}));
        add(
                cases,
                "refusing greeting, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.refusing(refusal(p))),
                        DEADLINE,
                        EnumSet.of(FailureCode.SERVICE_REFUSED),
                        EnumSet.of(HintCode.SERVICE_REFUSED),
                        r -> {
                            assertThat(r.greeting().accepted()).isFalse();
                            assertThat(r.greeting().text()).contains("Too many connections");
                        }));
        add(
                cases,
                "STARTTLS probe of an implicit-TLS port, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(FaultServer.implicitTls(PKI.serverContext(PKI.leaf("mx.test")), greeting)),
                        DEADLINE,
                        EnumSet.of(FailureCode.TLS_ON_PLAINTEXT_PORT),
                        EnumSet.of(HintCode.TLS_ON_PLAINTEXT_PORT),
                        r -> {}));
        add(
                cases,
                "implicit-TLS probe of a plaintext port, " + p,
                new Case(
                        p,
                        Transport.TLS,
                        () -> of(ScriptedMailServer.builder(p).start()),
                        DEADLINE,
                        EnumSet.of(FailureCode.PLAINTEXT_ON_TLS_PORT),
                        EnumSet.of(HintCode.PLAINTEXT_ON_TLS_PORT),
                        r -> {}));
        add(
                cases,
                "close in the middle of the handshake, " + p,
                new Case(
                        p,
                        Transport.TLS,
                        () -> of(FaultServer.closeAfterFirstBytes()),
                        DEADLINE,
                        EnumSet.of(FailureCode.HANDSHAKE_FAILED, FailureCode.CONNECTION_CLOSED),
                        EnumSet.of(HintCode.HANDSHAKE_FAILED),
                        r -> assertThat(r.failure().phase()).isEqualTo(Phase.HANDSHAKE)));
        certificate(cases, p, "expired certificate", () -> PKI.expired("mx.test"), HintCode.CERT_EXPIRED);
        certificate(
                cases,
                p,
                "certificate for another host",
                () -> PKI.wrongHost("mx.test"),
                HintCode.CERT_HOSTNAME_MISMATCH);
        certificate(cases, p, "self-signed certificate", () -> PKI.selfSigned("mx.test"), HintCode.CERT_SELF_SIGNED);
        add(
                cases,
                "100-certificate chain, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(ScriptedMailServer.builder(p)
                                .sslContext(PKI.serverContext(Large.CHAIN))
                                .start()),
                        LARGE_DEADLINE,
                        EnumSet.of(FailureCode.CERT_CHAIN_TOO_LARGE),
                        EnumSet.of(HintCode.CERT_CHAIN_TOO_LARGE),
                        r -> assertThat(r.tls().chain()).hasSize(100)));
        add(
                cases,
                "leaf with 10,000 names, " + p,
                new Case(
                        p,
                        Transport.TLS,
                        () -> of(ScriptedMailServer.builder(p)
                                .sslContext(PKI.serverContext(Large.NAMES))
                                .implicitTls(true)
                                .start()),
                        LARGE_DEADLINE,
                        EnumSet.of(FailureCode.CERT_CHAIN_TOO_LARGE),
                        EnumSet.of(HintCode.CERT_CHAIN_TOO_LARGE),
                        r -> assertThat(r.tls().leaf().sans()).hasSize(10_000)));
        add(
                cases,
                "bytes injected after the STARTTLS go-ahead, " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(ScriptedMailServer.builder(p)
                                .sslContext(PKI.serverContext(PKI.leaf("mx.test")))
                                .injectAfterGoAhead(injected(p))
                                .start()),
                        DEADLINE,
                        EnumSet.noneOf(FailureCode.class),
                        EnumSet.of(HintCode.STARTTLS_INJECTION),
                        r -> assertThat(r.starttls().injectedBytes()).contains("injected")));
    }

    private static void smtpOnly(List<Arguments> cases) {
        add(
                cases,
                "endless 220- greeting, SMTP",
                new Case(
                        Protocol.SMTP,
                        Transport.STARTTLS,
                        () -> of(FaultServer.endlessGreeting("220-mx.test still greeting", Duration.ZERO)),
                        DEADLINE,
                        EnumSet.of(FailureCode.TOO_MANY_LINES),
                        EnumSet.of(HintCode.ENDLESS_GREETING),
                        r -> {
                            assertThat(r.failure().phase()).isEqualTo(Phase.GREETING);
                            assertThat(r.greeting().lines()).isNotEmpty().allMatch(l -> l.startsWith("220-"));
                            assertThat(new Diagnoser().diagnose(r))
                                    .extracting(Hint::code)
                                    .doesNotContain(HintCode.UNEXPECTED_GREETING);
                        }));
        add(
                cases,
                "endless 220- greeting trickling inside the read timeout, SMTP",
                new Case(
                        Protocol.SMTP,
                        Transport.STARTTLS,
                        () -> of(FaultServer.endlessGreeting("220-mx.test still greeting", Duration.ofMillis(100))),
                        DEADLINE,
                        EnumSet.of(FailureCode.DEADLINE_EXCEEDED),
                        EnumSet.of(HintCode.DEADLINE_EXCEEDED),
                        r -> assertThat(r.failure().phase()).isEqualTo(Phase.GREETING)));
        add(
                cases,
                "greeting after 700 ms, SMTP",
                new Case(
                        Protocol.SMTP,
                        Transport.PLAIN,
                        () -> of(FaultServer.slowGreeting(Duration.ofMillis(700), "220 slow.example ESMTP")),
                        DEADLINE,
                        EnumSet.noneOf(FailureCode.class),
                        EnumSet.of(HintCode.SLOW_GREETING),
                        r -> {
                            assertThat(r.greeting().delayMs()).isGreaterThanOrEqualTo(650);
                            assertThat(r.greeting().accepted()).isTrue();
                        }));
    }

    private static void certificate(
            List<Arguments> cases, Protocol p, String name, Supplier<TestPki.Issued> issued, HintCode expected) {
        add(
                cases,
                name + ", " + p,
                new Case(
                        p,
                        Transport.STARTTLS,
                        () -> of(ScriptedMailServer.builder(p)
                                .sslContext(PKI.serverContext(issued.get()))
                                .start()),
                        DEADLINE,
                        EnumSet.noneOf(FailureCode.class),
                        EnumSet.of(expected),
                        r -> assertThat(r.tls()).isNotNull()));
    }

    private static void add(List<Arguments> cases, String name, Case c) {
        cases.add(Arguments.of(Named.of(name, c)));
    }

    static String greeting(Protocol p) {
        return switch (p) {
            case SMTP -> "220 mx.test ESMTP ready";
            case IMAP -> "* OK [CAPABILITY IMAP4rev1 STARTTLS] mx.test ready";
            case POP3 -> "+OK mx.test POP3 ready";
        };
    }

    static String refusal(Protocol p) {
        return switch (p) {
            case SMTP -> "421 4.7.0 mx.test Too many connections, try later";
            case IMAP -> "* BYE Too many connections, try later";
            case POP3 -> "-ERR Too many connections, try later";
        };
    }

    static String injected(Protocol p) {
        return switch (p) {
            case SMTP -> "250 injected\r\n";
            case IMAP -> "* OK injected\r\n";
            case POP3 -> "+OK injected\r\n";
        };
    }

    /** Large certificates, made once for the whole corpus. */
    private static final class Large {
        static final TestPki.Issued CHAIN = PKI.longChain("mx.test", 100);
        static final TestPki.Issued NAMES = PKI.leaf(names());

        private static String[] names() {
            String[] names = new String[10_000];
            names[0] = "mx.test";
            for (int i = 1; i < names.length; i++) {
                names[i] = "host" + i + ".many-names.test";
            }
            return names;
        }
    }
}
