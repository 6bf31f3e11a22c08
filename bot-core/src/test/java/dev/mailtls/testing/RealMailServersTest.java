package dev.mailtls.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real Postfix and Dovecot once, speaks to every port, and checks that they stop. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealMailServersTest {

    private static final TestPki PKI = TestPki.create();
    private static RealMailServers servers;

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    static void start(@TempDir Path pki) throws IOException {
        RealMailServers.assumeAvailable();
        Path chain = pki.resolve("chain.pem");
        Path key = pki.resolve("key.pem");
        PKI.writePem(PKI.leaf("mx.mailtls.test", RealMailServers.HOST), chain, key);
        servers = RealMailServers.start(chain, key);
    }

    @AfterAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    static void stopLeavesNoProcessBehind() {
        if (servers == null) {
            return;
        }
        List<ProcessHandle> processes = servers.processes();
        assertThat(processes).hasSizeGreaterThanOrEqualTo(4); // postfix master, qmgr..., dovecot, its log...
        servers.close();
        assertThat(processes).noneMatch(ProcessTree::running);
    }

    @Test
    void mxPortOffersStartTlsButNoAuthBeforeTls() throws IOException {
        try (Line client = Line.connect(servers.ports().smtp())) {
            assertThat(client.reply()).startsWith("220 mx.mailtls.test ESMTP");
            client.send("EHLO probe.test");
            String ehlo = client.reply();
            assertThat(ehlo).contains("250-STARTTLS").doesNotContain("AUTH");
            client.send("STARTTLS");
            assertThat(client.reply()).startsWith("220 2.0.0");
            client.startTls();
            client.send("EHLO probe.test");
            assertThat(client.reply()).doesNotContain("STARTTLS");
        }
    }

    @Test
    void submissionRefusesEverythingBeforeTlsThenAuthenticatesOverTls() throws IOException {
        try (Line client = Line.connect(servers.ports().submission())) {
            client.reply();
            client.send("EHLO probe.test");
            assertThat(client.reply()).contains("STARTTLS").doesNotContain("AUTH");
            client.send("MAIL FROM:<a@b.test>");
            assertThat(client.reply()).startsWith("530 5.7.0 Must issue a STARTTLS command first");
            client.send("STARTTLS");
            client.reply();
            client.startTls();
            client.send("EHLO probe.test");
            assertThat(client.reply()).contains("250-AUTH PLAIN LOGIN");
            client.send("AUTH PLAIN " + plain(RealMailServers.USER, RealMailServers.PASSWORD));
            assertThat(client.reply()).startsWith("235 2.7.0");
        }
    }

    @Test
    void smtpsSpeaksTlsFromTheFirstByte() throws IOException {
        try (Line client = Line.connect(servers.ports().smtps())) {
            assertThat(client.startTls().getProtocol()).startsWith("TLSv1.");
            assertThat(client.reply()).startsWith("220 mx.mailtls.test");
            client.send("AUTH PLAIN " + plain(RealMailServers.USER, "wrong"));
            assertThat(client.reply()).startsWith("535 5.7.8");
        }
    }

    @Test
    void imapRefusesPlaintextLoginUntilStartTls() throws IOException {
        try (Line client = Line.connect(servers.ports().imap())) {
            assertThat(client.line()).contains("STARTTLS", "LOGINDISABLED");
            client.send("a LOGIN " + RealMailServers.USER + " " + RealMailServers.PASSWORD);
            assertThat(client.until("a ")).contains("a NO [PRIVACYREQUIRED]");
            client.send("b STARTTLS");
            assertThat(client.until("b ")).startsWith("b OK");
            client.startTls();
            client.send("c LOGIN " + RealMailServers.USER + " " + RealMailServers.PASSWORD);
            assertThat(client.until("c ")).contains("c OK");
        }
    }

    @Test
    void imapsAndPop3sSpeakTlsFromTheFirstByte() throws IOException {
        for (int port : List.of(servers.ports().imaps(), servers.ports().pop3s())) {
            try (Line client = Line.connect(port)) {
                client.startTls();
                assertThat(client.line()).containsAnyOf("* OK", "+OK");
            }
        }
    }

    @Test
    void pop3OffersStlsAndRefusesPlaintextPass() throws IOException {
        try (Line client = Line.connect(servers.ports().pop3())) {
            assertThat(client.line()).startsWith("+OK");
            client.send("CAPA");
            assertThat(client.until(".")).contains("STLS");
            client.send("USER " + RealMailServers.USER);
            assertThat(client.line()).startsWith("-ERR [AUTH]");
            client.send("STLS");
            assertThat(client.line()).startsWith("+OK");
            client.startTls();
            client.send("USER " + RealMailServers.USER);
            assertThat(client.line()).startsWith("+OK");
            client.send("PASS " + RealMailServers.PASSWORD);
            assertThat(client.line()).startsWith("+OK Logged in");
        }
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A {@link LoopbackClient} for {@link RealMailServers#HOST}, with whole replies joined by newlines. */
    private static final class Line implements AutoCloseable {
        private final LoopbackClient client;

        private Line(LoopbackClient client) {
            this.client = client;
        }

        static Line connect(int port) throws IOException {
            return new Line(LoopbackClient.connect(InetAddress.getByName(RealMailServers.HOST), port));
        }

        void send(String line) throws IOException {
            client.send(line);
        }

        /** Handshakes trusting only the test root: the server must send the whole chain. */
        SSLSession startTls() throws IOException {
            return client.startTls(PKI.clientContextTrustingRoot());
        }

        String line() throws IOException {
            return String.valueOf(client.readLine());
        }

        String reply() throws IOException {
            return String.join("\n", client.readSmtpReply());
        }

        String until(String prefix) throws IOException {
            return String.join("\n", client.readUntil(line -> line.startsWith(prefix)));
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }
}
