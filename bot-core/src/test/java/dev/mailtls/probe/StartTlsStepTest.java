package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.io.Watchdog;
import dev.mailtls.internal.protocol.Dialect;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.protocol.Transcript;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.testing.FakeTicker;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.TrustEvaluator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The STARTTLS step alone, on a session to a scripted server: it returns what it found as a value,
 * and no probe record is involved. The fake ticker makes its time exact.
 */
@Timeout(30)
class StartTlsStepTest {
    private final FakeTicker ticker = new FakeTicker();
    private final Transcript transcript = new Transcript();

    private ProbeContext context(Deadline deadline, Watchdog watchdog) {
        ProbeRequest request = new ProbeRequest("mail.test", 25, Protocol.SMTP, null, ProbeOptions.defaults());
        return new ProbeContext(
                request,
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                new Connector(TestResolver.loopback("mail.test"), AddressPolicy.permitAll()),
                new TlsPhase(TrustEvaluator.jdkDefaults(null)),
                deadline,
                watchdog,
                transcript);
    }

    /** A session past its greeting and capabilities, as the steps before STARTTLS leave it. */
    private Link greeted(ScriptedMailServer server, Watchdog watchdog, Deadline deadline) throws IOException {
        Socket s = watchdog.watch(new Socket());
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
        Session session = new Session(s, transcript, deadline, Duration.ofSeconds(5));
        Dialect smtp = Dialect.of(Protocol.SMTP, "probe.test");
        smtp.readGreeting(session, session.readLine());
        return Link.to(List.of(InetAddress.getLoopbackAddress()))
                .with(s)
                .with(session)
                .with(smtp);
    }

    @Test
    void aRefusalIsReturnedAsTheFindingAndTheRestOfThePlanIsGoodbye() throws IOException {
        Deadline deadline = Deadline.after(Duration.ofSeconds(10), ticker);
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                        .startTlsReply("454 4.7.0 TLS not available due to local problem")
                        .onReceive(line -> {
                            if (line.toUpperCase(Locale.ROOT).equals("STARTTLS")) {
                                ticker.advance(Duration.ofMillis(35));
                            }
                        })
                        .start();
                Watchdog watchdog = new Watchdog(deadline)) {
            Link link = greeted(server, watchdog, deadline);
            Facts known = Facts.NONE.withCapabilitiesBeforeTls(List.of("PIPELINING", "STARTTLS"));

            Outcome o = StartTlsStep.INSTANCE.take(context(deadline, watchdog), link, known);

            assertThat(o).isInstanceOf(Outcome.Switch.class);
            assertThat(((Outcome.Switch) o).plan()).isSameAs(Plan.GOODBYE);
            assertThat(o.found().starttls())
                    .isEqualTo(new StartTlsOutcome(
                            true,
                            StartTlsOutcome.Answer.REFUSED,
                            "454 4.7.0 TLS not available due to local problem",
                            null));
            assertThat(o.found().failure().code()).isEqualTo(FailureCode.STARTTLS_REFUSED);
            assertThat(o.found().failure().phase()).isEqualTo(Phase.STARTTLS);
            assertThat(o.found().timings()).containsExactlyEntriesOf(java.util.Map.of(Phase.STARTTLS, 35L));
            // Nothing else was found: the step reports only its own findings.
            assertThat(o.found().greeting()).isNull();
            assertThat(o.found().capabilitiesBeforeTls()).isNull();
            // The failure is not yet in the transcript: the driver notes it when it merges the value.
            assertThat(transcript.lines()).noneMatch(line -> line.contains("failed in"));
        }
    }

    @Test
    void aGoAheadWithBytesAfterItIsReturnedAsAcceptedWithTheInjectedBytes() throws IOException {
        Deadline deadline = Deadline.after(Duration.ofSeconds(10), ticker);
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                        .startTlsReply("220 2.0.0 Ready to start TLS")
                        .injectAfterGoAhead("250 injected\r\n")
                        .start();
                Watchdog watchdog = new Watchdog(deadline)) {
            Link link = greeted(server, watchdog, deadline);
            Facts known = Facts.NONE.withCapabilitiesBeforeTls(List.of("PIPELINING"));

            Outcome o = StartTlsStep.INSTANCE.take(context(deadline, watchdog), link, known);

            assertThat(o).isInstanceOf(Outcome.Continue.class);
            StartTlsOutcome st = o.found().starttls();
            assertThat(st.offered()).isFalse();
            assertThat(st.accepted()).isTrue();
            assertThat(st.injectedBytes()).contains("250 injected");
            assertThat(o.found().failure()).isNull();
            assertThat(o.link()).isSameAs(link);
        }
    }

    @Test
    void theGoAheadIsFollowedAtOnceWithoutAWaitForLateBytes() throws IOException {
        // An in-memory server that has said its go-ahead and nothing more: any read past the bytes
        // already here would block, i.e. wait on a timer for bytes that may come. The step must only
        // take what is here; late bytes are the handshake's to set aside (PreTlsBytes).
        Deadline deadline = Deadline.after(Duration.ofSeconds(10), ticker);
        ScriptedInput in = new ScriptedInput("220 2.0.0 Ready to start TLS\r\n");
        Socket socket = new Socket() {
            @Override
            public java.io.InputStream getInputStream() {
                return in;
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                return java.io.OutputStream.nullOutputStream();
            }

            @Override
            public boolean isConnected() {
                return true;
            }

            @Override
            public void setSoTimeout(int timeout) {
                // The line reads set their timeouts; only a read that blocks would use one.
            }
        };
        try (Watchdog watchdog = new Watchdog(deadline)) {
            Session session = new Session(socket, transcript, deadline, Duration.ofSeconds(5));
            Link link = Link.to(List.of(InetAddress.getLoopbackAddress()))
                    .with(socket)
                    .with(session)
                    .with(Dialect.of(Protocol.SMTP, "probe.test"));

            Outcome o = StartTlsStep.INSTANCE.take(
                    context(deadline, watchdog), link, Facts.NONE.withCapabilitiesBeforeTls(List.of("STARTTLS")));

            assertThat(o).isInstanceOf(Outcome.Continue.class);
            assertThat(o.found().starttls().accepted()).isTrue();
            assertThat(o.found().starttls().injectedBytes()).isNull();
            assertThat(in.blockingReads)
                    .as("reads that would have waited for more")
                    .isZero();
        }
    }

    /** Serves its bytes; a read with none left would block, and is counted and refused instead. */
    private static final class ScriptedInput extends java.io.InputStream {
        private final byte[] bytes;
        private int pos;
        int blockingReads;

        ScriptedInput(String text) {
            this.bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos == bytes.length) {
                blockingReads++;
                throw new java.net.SocketTimeoutException("a read that waits for bytes the server has not sent");
            }
            int n = Math.min(len, bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return bytes.length - pos;
        }
    }
}
