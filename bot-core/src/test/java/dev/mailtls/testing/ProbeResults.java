package dev.mailtls.testing;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.StartTlsOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A fluent builder of realistic {@link ProbeResult} values, for tests of everything after the
 * prober. Presets start from what real servers answer; each test then changes one fact.
 */
public final class ProbeResults {
    /** The probes' start time: certificates are dated against it. */
    public static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static final String GMAIL_534 = "534-5.7.9 Application-specific password required. Learn more at\n"
            + "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor d2e1a72fcca58-7a1b2c3d4e5f6sm1234567pfb.12 - gsmtp";

    private ProbeResults() {}

    /** A builder from scratch, with a trusted certificate chain for {@code host} and typical timings. */
    public static ProbeResultBuilder builder(String host, int port, @Nullable Protocol protocol, Transport transport) {
        return new ProbeResultBuilder(host, port, protocol, transport);
    }

    /** smtp.gmail.com:587 with STARTTLS, all well (CARD.md's first card). */
    public static ProbeResultBuilder healthySubmission() {
        return healthyStartTls(Protocol.SMTP);
    }

    /** A healthy STARTTLS port of each protocol: SMTP 587 (Gmail), IMAP 143 and POP3 110 (Dovecot). */
    public static ProbeResultBuilder healthyStartTls(Protocol protocol) {
        return switch (protocol) {
            case SMTP ->
                new ProbeResultBuilder("smtp.gmail.com", 587, protocol, Transport.STARTTLS)
                        .greeting("220 smtp.gmail.com ESMTP a1-20020a05600c - gsmtp")
                        .capsBefore(
                                "SIZE 35882577",
                                "8BITMIME",
                                "STARTTLS",
                                "ENHANCEDSTATUSCODES",
                                "PIPELINING",
                                "CHUNKING",
                                "SMTPUTF8")
                        .starttls(true, StartTlsOutcome.Answer.ACCEPTED, "220 2.0.0 Ready to start TLS")
                        .capsAfter(
                                "SIZE 35882577",
                                "8BITMIME",
                                "AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH",
                                "ENHANCEDSTATUSCODES",
                                "PIPELINING",
                                "CHUNKING",
                                "SMTPUTF8")
                        .timing(Phase.STARTTLS, 12);
            case IMAP ->
                new ProbeResultBuilder("mail.example.com", 143, protocol, Transport.STARTTLS)
                        .greeting(
                                "* OK [CAPABILITY IMAP4rev1 SASL-IR ID ENABLE IDLE STARTTLS LOGINDISABLED] Dovecot ready.")
                        .capsBefore(
                                "IMAP4rev1", "SASL-IR", "ID", "ENABLE", "IDLE", "LITERAL+", "STARTTLS", "LOGINDISABLED")
                        .starttls(true, StartTlsOutcome.Answer.ACCEPTED, "a2 OK Begin TLS negotiation now.")
                        .capsAfter("IMAP4rev1", "SASL-IR", "ID", "ENABLE", "IDLE", "LITERAL+", "AUTH=PLAIN")
                        .timing(Phase.STARTTLS, 4);
            case POP3 ->
                new ProbeResultBuilder("mail.example.com", 110, protocol, Transport.STARTTLS)
                        .greeting("+OK Dovecot ready.")
                        .capsBefore("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "STLS")
                        .starttls(true, StartTlsOutcome.Answer.ACCEPTED, "+OK Begin TLS negotiation now.")
                        .capsAfter(
                                "CAPA",
                                "TOP",
                                "UIDL",
                                "RESP-CODES",
                                "PIPELINING",
                                "AUTH-RESP-CODE",
                                "USER",
                                "SASL PLAIN")
                        .timing(Phase.STARTTLS, 4);
        };
    }

    /** A healthy implicit-TLS port: SMTP 465 (Gmail), IMAP 993, POP3 995. */
    public static ProbeResultBuilder healthyImplicitTls(Protocol protocol) {
        return switch (protocol) {
            case SMTP ->
                new ProbeResultBuilder("smtp.gmail.com", 465, protocol, Transport.TLS)
                        .greeting("220 smtp.gmail.com ESMTP a1-20020a05600c - gsmtp")
                        .capsAfter("SIZE 35882577", "8BITMIME", "AUTH LOGIN PLAIN XOAUTH2", "ENHANCEDSTATUSCODES");
            case IMAP ->
                new ProbeResultBuilder("mail.example.com", 993, protocol, Transport.TLS)
                        .greeting("* OK [CAPABILITY IMAP4rev1 SASL-IR ID ENABLE IDLE AUTH=PLAIN] Dovecot ready.")
                        .capsAfter("IMAP4rev1", "SASL-IR", "ID", "ENABLE", "IDLE", "AUTH=PLAIN");
            case POP3 ->
                new ProbeResultBuilder("mail.example.com", 995, protocol, Transport.TLS)
                        .greeting("+OK Dovecot ready.")
                        .capsAfter("CAPA", "TOP", "UIDL", "USER", "SASL PLAIN");
        };
    }

    /** The seed's Yahoo case: smtp.mail.yahoo.com:587 accepts the connection and says nothing. */
    public static ProbeResultBuilder yahooNoGreeting() {
        return new ProbeResultBuilder("smtp.mail.yahoo.com", 587, Protocol.SMTP, Transport.STARTTLS)
                .addresses("98.136.96.74", "98.136.96.75")
                .noTls()
                .noGreeting()
                .timings(Map.of(Phase.RESOLVE, 4L, Phase.CONNECT, 88L, Phase.GREETING, 10_000L))
                .total(10_100)
                .failure(Phase.GREETING, FailureCode.NO_GREETING, "no greeting within 10 s", null);
    }

    /** The seed's Gmail case: 465 with the invalid-credential auth probe answered by 534-5.7.9. */
    public static ProbeResultBuilder gmailAppPassword() {
        return healthyImplicitTls(Protocol.SMTP)
                .auth(new AuthOutcome(
                        AuthOutcome.Verdict.REJECTED,
                        "LOGIN",
                        List.of(
                                "AUTH LOGIN → 334 Username:",
                                "<redacted> → 334 Password:",
                                "<redacted> → " + GMAIL_534),
                        GMAIL_534,
                        false))
                .timing(Phase.AUTH, 41);
    }

    /** {@code r} with the TLS 1.0/1.1 check's result (the builder has no legacy check of its own). */
    public static ProbeResult withLegacy(ProbeResult r, dev.mailtls.tls.LegacyTlsResult legacy) {
        return copy(
                r,
                r.starttls(),
                java.util.Objects.requireNonNull(r.tls(), "tls").withLegacy(legacy));
    }

    /** {@code r} with what a deep probe found. */
    public static ProbeResult withEnumeration(ProbeResult r, dev.mailtls.tls.TlsEnumeration found) {
        return copy(
                r,
                r.starttls(),
                java.util.Objects.requireNonNull(r.tls(), "tls").withEnumeration(found));
    }

    /** {@code r} with another STARTTLS outcome. */
    public static ProbeResult withStartTls(ProbeResult r, dev.mailtls.probe.StartTlsOutcome starttls) {
        return copy(r, starttls, r.tls());
    }

    private static ProbeResult copy(
            ProbeResult r,
            dev.mailtls.probe.@org.jspecify.annotations.Nullable StartTlsOutcome starttls,
            dev.mailtls.tls.@org.jspecify.annotations.Nullable TlsOutcome tls) {
        return new ProbeResult(
                r.request(),
                r.target(),
                r.startedAt(),
                r.addresses(),
                r.address(),
                r.greeting(),
                r.capabilitiesBeforeTls(),
                r.capabilitiesAfterTls(),
                starttls,
                tls,
                r.auth(),
                r.failure(),
                r.timings(),
                r.totalMs(),
                r.transcript());
    }
}
