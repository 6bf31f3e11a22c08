package dev.mailtls.testing;

import dev.mailtls.endpoint.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A small scripted SMTP, IMAP or POP3 server on 127.0.0.1 that can upgrade with STARTTLS (which
 * GreenMail cannot), and misbehave in the ways real servers do: refuse TLS, inject bytes after the
 * go-ahead (STARTTLS response injection), demand an app password, answer in lower case. It records every line
 * it receives.
 *
 * <pre>{@code
 * try (var server = ScriptedMailServer.builder(Protocol.SMTP).sslContext(context).start()) { ... }
 * }</pre>
 */
public final class ScriptedMailServer implements AutoCloseable {

    /** No connection outlives this. */
    public static final Duration CONNECTION_LIFETIME = Duration.ofSeconds(60);

    private final List<ScriptedSession.Received> received = Collections.synchronizedList(new ArrayList<>());
    private final LoopbackAcceptor acceptor;

    private ScriptedMailServer(MailScript script) {
        String name = "scripted-" + script.protocol().id();
        this.acceptor = new LoopbackAcceptor(
                name,
                CONNECTION_LIFETIME,
                socket -> ScriptedSession.open(script, socket, received).run());
    }

    /** A builder with {@code protocol}'s defaults: STARTTLS advertised, AUTH listed only after TLS. */
    public static Builder builder(Protocol protocol) {
        return new Builder(protocol);
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return acceptor.port();
    }

    /** Connections accepted so far. */
    public int connections() {
        return acceptor.connections();
    }

    /** Every line received on every connection, in order, without CRLF: commands and SASL answers. */
    public List<String> received() {
        synchronized (received) {
            return received.stream().map(ScriptedSession.Received::line).toList();
        }
    }

    /** The lines of {@link #received()} that arrived over TLS. */
    public List<String> receivedOverTls() {
        synchronized (received) {
            return received.stream()
                    .filter(ScriptedSession.Received::tls)
                    .map(ScriptedSession.Received::line)
                    .toList();
        }
    }

    /** Lines of {@link #received()} that arrived in plaintext. */
    public List<String> receivedInPlaintext() {
        synchronized (received) {
            return received.stream()
                    .filter(line -> !line.tls())
                    .map(ScriptedSession.Received::line)
                    .toList();
        }
    }

    @Override
    public void close() {
        acceptor.close();
    }

    /** What the server will say. Every setter replaces the protocol's default. */
    public static final class Builder {
        private final Protocol protocol;
        private @Nullable SSLContext sslContext;
        private boolean implicitTls;
        private @Nullable List<String> greeting;
        private @Nullable List<String> capabilitiesBeforeTls;
        private @Nullable List<String> capabilitiesAfterTls;
        private boolean advertiseStartTls = true;
        private List<String> startTlsReply = List.of();
        private String injectAfterGoAhead = "";
        private List<String> authReply = List.of();
        private boolean lowerCaseReplies;
        private Consumer<String> onReceive = line -> {};
        private Duration replyDelay = Duration.ZERO;

        private Builder(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
        }

        /** The server's key and certificate for STARTTLS; null (the default) answers STARTTLS with "not available". */
        public Builder sslContext(@Nullable SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** TLS from the first byte (465, 993, 995 style) instead of plaintext; needs an sslContext. */
        public Builder implicitTls(boolean implicitTls) {
            this.implicitTls = implicitTls;
            return this;
        }

        /** Whole greeting lines without CRLF, e.g. {@code "220-mx.test ESMTP", "220 mx.test ready"}. */
        public Builder greeting(String... lines) {
            this.greeting = List.of(lines);
            return this;
        }

        /** Capability words listed before TLS (EHLO keywords, IMAP or POP3 capabilities), without STARTTLS. */
        public Builder capabilitiesBeforeTls(String... capabilities) {
            this.capabilitiesBeforeTls = List.of(capabilities);
            return this;
        }

        /** Capability words listed after TLS. */
        public Builder capabilitiesAfterTls(String... capabilities) {
            this.capabilitiesAfterTls = List.of(capabilities);
            return this;
        }

        /** Whether STARTTLS (POP3: STLS) is listed before TLS; the command is answered either way. */
        public Builder advertiseStartTls(boolean advertiseStartTls) {
            this.advertiseStartTls = advertiseStartTls;
            return this;
        }

        /**
         * Replaces the STARTTLS go-ahead, e.g. {@code "454 4.7.0 TLS not available due to local
         * problem"}. A positive reply (2xx, OK, +OK) still upgrades; any other does not. For IMAP,
         * give the line without its tag.
         */
        public Builder startTlsReply(String... lines) {
            this.startTlsReply = List.of(lines);
            return this;
        }

        /** Raw text sent right after the go-ahead in the same write, e.g. {@code "250 injected\r\n"}. */
        public Builder injectAfterGoAhead(String text) {
            this.injectAfterGoAhead = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Replaces the final reply to AUTH, LOGIN, AUTHENTICATE or PASS, e.g. {@code "535 5.7.139
         * Authentication unsuccessful"} or IMAP {@code "NO [ALERT] Application-specific password
         * required"} (without the tag: the client's tag is put in front of the last line).
         */
        public Builder authReply(String... lines) {
            this.authReply = List.of(lines);
            return this;
        }

        /** Sends every reply in lower case (SASL challenges excepted). */
        public Builder lowerCaseReplies(boolean lowerCaseReplies) {
            this.lowerCaseReplies = lowerCaseReplies;
            return this;
        }

        /**
         * Called with each line received, before it is answered: a test moves a fake ticker here to
         * make a command take an exact time. Runs on the connection's thread.
         */
        public Builder onReceive(Consumer<String> onReceive) {
            this.onReceive = Objects.requireNonNull(onReceive, "onReceive");
            return this;
        }

        /**
         * Waits this long before the greeting and before answering each line received: a slow
         * server, or one far away. The TLS handshake itself is not delayed.
         */
        public Builder replyDelay(Duration replyDelay) {
            this.replyDelay = Objects.requireNonNull(replyDelay, "replyDelay");
            return this;
        }

        /** Binds 127.0.0.1 on a free port and starts accepting. */
        public ScriptedMailServer start() {
            MailScript defaults = MailScript.defaults(protocol, sslContext);
            return new ScriptedMailServer(new MailScript(
                    protocol,
                    sslContext,
                    implicitTls,
                    greeting != null ? greeting : defaults.greeting(),
                    capabilitiesBeforeTls != null ? capabilitiesBeforeTls : defaults.capabilitiesBeforeTls(),
                    capabilitiesAfterTls != null ? capabilitiesAfterTls : defaults.capabilitiesAfterTls(),
                    advertiseStartTls,
                    startTlsReply,
                    injectAfterGoAhead,
                    authReply,
                    lowerCaseReplies,
                    onReceive,
                    replyDelay));
        }
    }
}
