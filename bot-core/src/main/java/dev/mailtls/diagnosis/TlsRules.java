package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.Hints.error;
import static dev.mailtls.diagnosis.Hints.info;
import static dev.mailtls.diagnosis.Hints.warning;

import dev.mailtls.probe.Failure;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.tls.TlsOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The handshake and what it negotiated: TLS version and cipher suite. */
final class TlsRules implements Rules {

    private static final Set<String> LEGACY = Set.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.0", "TLSv1.1");
    private static final Pattern ALERT = Pattern.compile(
            "\\b(handshake_failure|protocol_version|insufficient_security|unrecognized_name|internal_error"
                    + "|illegal_parameter|decode_error|decrypt_error|bad_certificate|certificate_required"
                    + "|unsupported_certificate|certificate_unknown|access_denied|no_application_protocol"
                    + "|unexpected_message|bad_record_mac|record_overflow|close_notify)\\b",
            Pattern.CASE_INSENSITIVE);
    /** Static RSA, DH and ECDH key exchanges: the server's long-term key decrypts every session. */
    private static final Set<String> STATIC_KEY_EXCHANGE =
            Set.of("RSA", "DH_RSA", "DH_DSS", "ECDH_RSA", "ECDH_ECDSA", "PSK", "RSA_PSK", "KRB5");

    @Override
    public List<Hint> diagnose(Facts f) {
        List<Hint> hints = new ArrayList<>();
        Failure failure = f.result().failure();
        if (failure != null && isHandshakeFailure(failure)) {
            hints.add(handshakeFailed(f, failure));
        }
        if (failure != null && failure.code() == FailureCode.CERT_CHAIN_TOO_LARGE) {
            hints.add(chainTooLarge(f, failure));
        }
        TlsOutcome tls = f.result().tls();
        if (failure != null && failure.code() == FailureCode.TLS_LEGACY_ONLY) {
            hints.add(legacyOnly(f, failure, tls));
        }
        if (tls == null) {
            return hints;
        }
        if (failure != null && failure.code() == FailureCode.TLS_LEGACY_ONLY) {
            // TLS_LEGACY_ONLY says it, with the fix for this server.
        } else if (LEGACY.contains(tls.version())) {
            hints.add(error(
                    HintCode.TLS_LEGACY_VERSION,
                    f.where() + " negotiated " + tls.version() + ", a version retired by RFC 8996.",
                    "It is the best the server offers. Current clients (Thunderbird, Outlook, Apple Mail, OpenSSL"
                            + " at its default security level) refuse TLS 1.0 and 1.1, so they cannot connect"
                            + " securely.",
                    "Enable TLS 1.2 and TLS 1.3 on the server, updating its TLS library if it cannot."));
        } else if (tls.legacy() != null && tls.legacy().accepted()) {
            hints.add(warning(
                    HintCode.TLS_LEGACY_VERSION,
                    f.where() + " still accepts " + tls.legacy().acceptedText()
                            + " when a client offers nothing newer (retired by RFC 8996).",
                    "Current clients negotiate " + tls.version() + ", but offered only TLS 1.0 or 1.1 on further"
                            + " connections, " + tls.legacy().detail().replaceFirst("^the server", "the server")
                            + (tls.legacy().cipherSuite() == null
                                    ? ""
                                    : " (" + tls.legacy().acceptedVersion() + ": "
                                            + tls.legacy().cipherSuite() + ")")
                            + ". Old clients and downgrade attempts can use it, and compliance scans (PCI DSS) fail it.",
                    "Disable TLS 1.0 and 1.1 on the server (Postfix: smtpd_tls_protocols = >=TLSv1.2;"
                            + " Dovecot: ssl_min_protocol = TLSv1.2)."));
        } else if (tls.legacy() != null && tls.legacy().unknown()) {
            hints.add(info(
                    HintCode.TLS_LEGACY_UNKNOWN,
                    "Whether " + f.where() + " still accepts TLS 1.0/1.1 is unknown.",
                    "Offers of only TLS 1.0 or 1.1 on further connections got no answer either way ("
                            + tls.legacy().detail() + "). A slow or throttling server that does accept them"
                            + " looks like this too, so it is not counted as refused.",
                    "Probe again later, or check the server's configuration: TLS 1.0 and 1.1 should be off"
                            + " (Postfix: smtpd_tls_protocols = >=TLSv1.2; Dovecot: ssl_min_protocol = TLSv1.2)."));
        }
        if (tls.enumeration() != null) {
            // A deep probe grades every suite the server accepts, the negotiated one included (DeepTlsRules).
            return hints;
        }
        String suite = tls.cipherSuite().toUpperCase(Locale.ROOT);
        Weakness weak = weakness(suite);
        if (weak != null) {
            String summary = f.where() + " chose a weak cipher suite: " + tls.cipherSuite() + " (" + weak.name + ").";
            String fix = "Disable " + weak.name
                    + " suites on the server and prefer ECDHE suites with AES-GCM or ChaCha20-Poly1305.";
            hints.add(
                    weak.fatal
                            ? error(HintCode.TLS_WEAK_CIPHER, summary, weak.why, fix)
                            : warning(HintCode.TLS_WEAK_CIPHER, summary, weak.why, fix));
        }
        if (!tls.version().equals("TLSv1.3") && STATIC_KEY_EXCHANGE.contains(keyExchange(suite))) {
            hints.add(warning(
                    HintCode.TLS_NO_FORWARD_SECRECY,
                    "The cipher suite " + tls.cipherSuite() + " has no forward secrecy.",
                    "With " + keyExchange(suite) + " key exchange, anyone who later obtains the server's private key"
                            + " can decrypt every recorded session.",
                    "Prefer ECDHE key exchange (or TLS 1.3, where it is always used) in the server's cipher"
                            + " configuration."));
        }
        return hints;
    }

    private static boolean isHandshakeFailure(Failure failure) {
        if (failure.code() == FailureCode.HANDSHAKE_FAILED) {
            return true;
        }
        return failure.phase() == Phase.HANDSHAKE
                && (failure.code() == FailureCode.IO_ERROR
                        || failure.code() == FailureCode.CONNECTION_CLOSED
                        || failure.code() == FailureCode.READ_TIMEOUT);
    }

    /** No version in common: with a version pinned by --tls-version that is all it shows. */
    private static Hint protocolVersion(Facts f, Failure failure, String summary) {
        String pinned = f.result().request().options().tlsVersion();
        if (pinned != null) {
            return error(
                    HintCode.HANDSHAKE_FAILED,
                    summary,
                    "mailtls offered only " + pinned + " (--tls-version), and the server does not speak it. That"
                            + " says nothing about the other versions it may accept.",
                    "Probe without --tls-version to see what the server negotiates; enable " + pinned
                            + " on the server if clients need it.");
        }
        String evidence = failure.evidence();
        if (Failure.OLD_VERSIONS_REFUSED.equals(evidence)) {
            return error(
                    HintCode.HANDSHAKE_FAILED,
                    summary,
                    "The server refused every version mailtls offered: TLS 1.3 and 1.2, then TLS 1.1, 1.0 and SSLv3"
                            + " each on a further connection. No client can agree on a version with it.",
                    "Check the server's TLS protocol settings (Postfix: smtpd_tls_protocols and"
                            + " smtpd_tls_mandatory_protocols; Dovecot: ssl_min_protocol) and its TLS log at the"
                            + " time of this probe; enable TLS 1.2 and TLS 1.3.");
        }
        return error(
                HintCode.HANDSHAKE_FAILED,
                summary,
                "The server and mailtls (TLS 1.2 and 1.3) have no version in common. "
                        + (Failure.OLD_VERSIONS_UNANSWERED.equals(evidence)
                                ? "Offers of TLS 1.1, 1.0 and SSLv3 on further connections got no clear answer"
                                        + " either, so whether it speaks only those is unknown."
                                : "There was no time left to ask whether it speaks only TLS 1.1, 1.0 or SSLv3.")
                        + " Current clients refuse those old versions.",
                "Enable TLS 1.2 and TLS 1.3 on the server; probe again with a longer --timeout to see what it speaks.");
    }

    /** The server speaks only TLS 1.1 or older: what it has, and the setting that fixes it there. */
    private static Hint legacyOnly(Facts f, Failure failure, @Nullable TlsOutcome tls) {
        String versions =
                failure.message().replaceFirst("^the server speaks only ", "").replaceFirst(" \\(.*$", "");
        String negotiated = tls == null || tls.version().equals("unknown")
                ? ""
                : " mailtls completed a " + tls.version() + " handshake with its own client"
                        + (tls.cipherSuite().equals("unknown") ? "" : " (" + tls.cipherSuite() + ")")
                        + ", so the certificate and the capabilities below are the server's.";
        return error(
                HintCode.TLS_LEGACY_ONLY,
                f.where() + " speaks only " + versions + ": no TLS 1.2 or 1.3.",
                "Current Outlook, Apple Mail, Thunderbird and Gmail refuse TLS 1.0 and 1.1 (RFC 8996 retired"
                        + " them), so they cannot connect securely; other mail servers fall back to plaintext or"
                        + " do not deliver." + negotiated,
                TlsSettingFixes.enableModern(greetingText(f)));
    }

    /** The greeting and capabilities as one text, to tell which server software this is. */
    private static String greetingText(Facts f) {
        StringBuilder text = new StringBuilder();
        if (f.result().greeting() != null) {
            f.result().greeting().lines().forEach(l -> text.append(l).append('\n'));
        }
        for (List<String> caps : java.util.Arrays.asList(
                f.result().capabilitiesBeforeTls(), f.result().capabilitiesAfterTls())) {
            if (caps != null) {
                caps.forEach(l -> text.append(l).append('\n'));
            }
        }
        return text.toString();
    }

    private static Hint handshakeFailed(Facts f, Failure failure) {
        String text = failure.message() + " " + (failure.evidence() == null ? "" : failure.evidence());
        Matcher m = ALERT.matcher(text);
        String alert = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        String summary = "The TLS handshake with " + f.where() + " failed"
                + (alert == null ? "." : " with the alert " + alert + ".");
        String generic = "Compare with the openssl command at the end, and read the server's TLS log at the"
                + " time of this probe.";
        return switch (alert == null ? "" : alert) {
            case "protocol_version" -> protocolVersion(f, failure, summary);
            case "handshake_failure", "insufficient_security" ->
                error(
                        HintCode.HANDSHAKE_FAILED,
                        summary,
                        "No cipher suite in common, or the server has no usable certificate and key for this name."
                                + (Failure.OLD_VERSIONS_REFUSED.equals(failure.evidence())
                                        ? " mailtls then offered TLS 1.1, 1.0 and SSLv3 on further connections: the"
                                                + " server refused them too."
                                        : ""),
                        "Check that the server allows modern cipher suites (ECDHE with AES-GCM or ChaCha20) and has a"
                                + " certificate and key configured. " + generic);
            case "unrecognized_name" ->
                error(
                        HintCode.HANDSHAKE_FAILED,
                        summary,
                        "The server does not know the name sent in SNI (" + sni(f) + ").",
                        "Configure a certificate for " + sni(f) + " on the server, or probe the name it is configured"
                                + " for (--sni NAME).");
            case "certificate_required" ->
                error(
                        HintCode.HANDSHAKE_FAILED,
                        summary,
                        "The server demands a client certificate, which ordinary mail clients do not have.",
                        "Make client certificates optional on this port. " + generic);
            default ->
                error(
                        HintCode.HANDSHAKE_FAILED,
                        summary,
                        "The connection broke during the TLS handshake: " + failure.message() + ".",
                        generic);
        };
    }

    private static Hint chainTooLarge(Facts f, Failure failure) {
        TlsOutcome tls = f.result().tls();
        int certs = tls == null ? 0 : tls.chain().size();
        int sans = tls == null || tls.leaf() == null ? 0 : tls.leaf().sans().size();
        String why = certs > 10
                ? certs + " certificates in the chain"
                : sans > 100 ? "a leaf certificate with " + sans + " names" : "very large certificates";
        return error(
                HintCode.CERT_CHAIN_TOO_LARGE,
                f.where() + " sends a certificate chain too large for common TLS clients (" + why + ").",
                "Clients limit the handshake: Java refuses any handshake message over 32 KiB and chains of more"
                        + " than 10 certificates by default, OpenSSL a certificate list over 100 KiB, and other"
                        + " clients (mail apps, other mail servers) have similar bounds, so they fail the handshake"
                        + " here. mailtls read the chain on a second connection with a larger limit: "
                        + failure.message() + ". The certificate facts below come from that read.",
                "Serve only the leaf and its intermediates (usually 2 or 3 certificates, a few KB), never the"
                        + " root or unrelated certificates; split a certificate with thousands of names into"
                        + " several smaller ones.");
    }

    private static String sni(Facts f) {
        String sni = f.result().request().options().sniName();
        return sni != null ? sni : f.host();
    }

    /** The key exchange of a TLS 1.2-style suite name, e.g. ECDHE_RSA; "" for TLS 1.3 names. */
    static String keyExchange(String suite) {
        int with = suite.indexOf("_WITH_");
        if (with < 0) {
            return "";
        }
        String kx = suite.substring(0, with);
        for (String prefix : List.of("TLS_", "SSL_")) {
            if (kx.startsWith(prefix)) {
                return kx.substring(prefix.length());
            }
        }
        return kx;
    }

    private record Weakness(String name, boolean fatal, String why) {}

    private static @Nullable Weakness weakness(String s) {
        if (s.contains("_NULL_") || s.endsWith("_NULL") || s.contains("WITH_NULL")) {
            return new Weakness("NULL", true, "A NULL cipher does not encrypt at all: everything is readable.");
        }
        if (s.contains("_ANON_")) {
            return new Weakness(
                    "anonymous", true, "An anonymous suite does not authenticate the server: anyone can pose as it.");
        }
        if (s.contains("EXPORT")) {
            return new Weakness("EXPORT", true, "EXPORT-grade suites use keys short enough to break in hours.");
        }
        if (s.contains("RC4")) {
            return new Weakness("RC4", true, "RC4 has practical plaintext-recovery attacks (RFC 7465 forbids it).");
        }
        if (s.contains("3DES") || s.contains("DES_EDE")) {
            return new Weakness(
                    "3DES", false, "3DES has a 64-bit block and falls to the Sweet32 attack on long sessions.");
        }
        if (s.contains("_DES_") || s.contains("DES40") || s.contains("DES_CBC")) {
            return new Weakness("DES", true, "Single DES keys are 56 bits: broken by brute force.");
        }
        return null;
    }
}
