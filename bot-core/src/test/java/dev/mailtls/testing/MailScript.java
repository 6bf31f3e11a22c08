package dev.mailtls.testing;

import dev.mailtls.endpoint.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link ScriptedMailServer} says, fixed before it starts. Empty {@code startTlsReply}
 * and {@code authReply} mean the protocol's ordinary success reply; for IMAP the last line of
 * each gets the command's tag in front. {@code replyDelay} is how long the server waits before the
 * greeting and before answering each line it receives (a slow server far away).
 */
record MailScript(
        Protocol protocol,
        @Nullable SSLContext sslContext,
        boolean implicitTls,
        List<String> greeting,
        List<String> capabilitiesBeforeTls,
        List<String> capabilitiesAfterTls,
        boolean advertiseStartTls,
        List<String> startTlsReply,
        String injectAfterGoAhead,
        List<String> authReply,
        boolean lowerCaseReplies,
        Consumer<String> onReceive,
        Duration replyDelay) {

    MailScript {
        Objects.requireNonNull(protocol, "protocol");
        greeting = List.copyOf(greeting);
        capabilitiesBeforeTls = List.copyOf(capabilitiesBeforeTls);
        capabilitiesAfterTls = List.copyOf(capabilitiesAfterTls);
        startTlsReply = List.copyOf(startTlsReply);
        Objects.requireNonNull(injectAfterGoAhead, "injectAfterGoAhead");
        authReply = List.copyOf(authReply);
        Objects.requireNonNull(onReceive, "onReceive");
        if (replyDelay.isNegative()) {
            throw new IllegalArgumentException("replyDelay must not be negative, was " + replyDelay);
        }
        if (greeting.isEmpty()) {
            throw new IllegalArgumentException("greeting must have at least one line");
        }
        if (implicitTls && sslContext == null) {
            throw new IllegalArgumentException("implicitTls needs an sslContext");
        }
    }

    /** The server's defaults for {@code protocol}: STARTTLS offered, AUTH only after TLS. */
    static MailScript defaults(Protocol protocol, @Nullable SSLContext sslContext) {
        return switch (protocol) {
            case SMTP ->
                new MailScript(
                        protocol,
                        sslContext,
                        false,
                        List.of("220 mx.test ESMTP ScriptedMailServer"),
                        List.of("PIPELINING", "SIZE 10240000", "8BITMIME", "ENHANCEDSTATUSCODES"),
                        List.of("PIPELINING", "SIZE 10240000", "AUTH PLAIN LOGIN", "8BITMIME", "ENHANCEDSTATUSCODES"),
                        true,
                        List.of(),
                        "",
                        List.of(),
                        false,
                        line -> {},
                        Duration.ZERO);
            case IMAP ->
                new MailScript(
                        protocol,
                        sslContext,
                        false,
                        List.of("* OK ScriptedMailServer IMAP4rev1 ready"),
                        List.of("IMAP4rev1", "SASL-IR", "LOGINDISABLED"),
                        List.of("IMAP4rev1", "SASL-IR", "AUTH=PLAIN"),
                        true,
                        List.of(),
                        "",
                        List.of(),
                        false,
                        line -> {},
                        Duration.ZERO);
            case POP3 ->
                new MailScript(
                        protocol,
                        sslContext,
                        false,
                        List.of("+OK ScriptedMailServer POP3 ready"),
                        List.of("TOP", "UIDL", "PIPELINING"),
                        List.of("TOP", "UIDL", "PIPELINING", "USER", "SASL PLAIN"),
                        true,
                        List.of(),
                        "",
                        List.of(),
                        false,
                        line -> {},
                        Duration.ZERO);
        };
    }
}
