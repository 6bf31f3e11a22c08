package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.Hints.error;
import static dev.mailtls.diagnosis.Hints.ok;
import static dev.mailtls.diagnosis.Hints.warning;

import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.DayCount;
import dev.mailtls.tls.HostnameVerdict;
import dev.mailtls.tls.TlsOutcome;
import dev.mailtls.tls.TrustVerdict;
import dev.mailtls.tls.TrustVerdict.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The certificate the server presented: dates, trust, name, signature and key. One hint per cause:
 * an expired certificate is CERT_EXPIRED, not also CERT_UNTRUSTED; the name is judged on its own.
 */
final class CertificateRules implements Rules {

    @Override
    public List<Hint> diagnose(Facts f) {
        TlsOutcome tls = f.result().tls();
        if (tls == null) {
            return List.of();
        }
        CertificateInfo leaf = tls.leaf();
        if (leaf == null) {
            return List.of(error(
                    HintCode.CERT_UNTRUSTED,
                    f.where() + " presented no certificate.",
                    "Without a certificate a client cannot tell the real server from an impostor.",
                    "Configure a certificate and key for " + f.host() + " on the server."));
        }
        List<Hint> hints = new ArrayList<>();
        Instant now = f.result().startedAt();
        boolean datesBad = validity(f, tls, leaf, now, hints);
        trust(f, tls.trust(), leaf, datesBad, hints);
        hostname(f, tls.hostname(), hints);
        signatureAndKey(f, tls, hints);
        if (hints.isEmpty()) {
            hints.add(ok(
                    HintCode.CERT_OK,
                    "The certificate is trusted, names " + f.host() + " and is valid for " + Facts.days(leaf.daysLeft())
                            + ".",
                    "A chain of " + tls.chain().size() + " trusted by " + trustStore(f) + "; it expires on "
                            + date(leaf.notAfter()) + "."));
        }
        return hints;
    }

    /** Dates of the leaf and the chain; true when a date problem was reported. */
    private static boolean validity(Facts f, TlsOutcome tls, CertificateInfo leaf, Instant now, List<Hint> hints) {
        DiagnosisThresholds t = f.thresholds();
        String renew = "Renew the certificate and reload the mail service (e.g. certbot renew, then reload"
                + " Postfix/Dovecot); check that the renewal job runs and that the service reads the renewed file.";
        if (leaf.notAfter().isBefore(now) || leaf.daysLeft() < 0) {
            hints.add(error(
                    HintCode.CERT_EXPIRED,
                    "The certificate for " + f.host() + " expired on " + date(leaf.notAfter()) + " ("
                            + DayCount.ago(leaf.notAfter(), now) + ").",
                    "Clients refuse expired certificates: mail clients show a security warning and other servers"
                            + " may refuse to deliver or fall back to plaintext.",
                    renew));
            return true;
        }
        if (leaf.notBefore().isAfter(now)) {
            hints.add(notYetValid(
                    f, "The certificate for " + f.host() + " is not valid until " + date(leaf.notBefore()) + "."));
            return true;
        }
        for (CertificateInfo c : tls.chain().subList(1, tls.chain().size())) {
            if (c.notAfter().isBefore(now)) {
                hints.add(error(
                        HintCode.CERT_EXPIRED,
                        "A certificate in the chain " + f.host() + " sends expired on " + date(c.notAfter()) + ".",
                        "The leaf is in date, but an intermediate (or an old root the server still sends) is not;"
                                + " clients that build the chain through it refuse the connection.",
                        "Replace the intermediates the server sends with the CA's current ones (Let's Encrypt:"
                                + " use fullchain.pem as issued)."));
                return true;
            }
        }
        if (tls.trust().problem() == Problem.EXPIRED || tls.trust().problem() == Problem.NOT_YET_VALID) {
            boolean expired = tls.trust().problem() == Problem.EXPIRED;
            hints.add(
                    expired
                            ? error(
                                    HintCode.CERT_EXPIRED,
                                    "A certificate in the chain of " + f.host() + " is out of date.",
                                    "Trust validation found an expired certificate on the path to a trusted root.",
                                    renew)
                            : notYetValid(f, "A certificate in the chain of " + f.host() + " is not valid yet."));
            return true;
        }
        long left = leaf.daysLeft();
        String when = left == 0 ? "today" : "in " + Facts.days(left);
        if (left <= t.certErrorDays()) {
            hints.add(error(
                    HintCode.CERT_EXPIRING_SOON,
                    "The certificate for " + f.host() + " expires " + when + " (" + date(leaf.notAfter()) + ").",
                    "Automated renewal usually replaces a certificate 30 days before it expires: renewal is"
                            + " probably failing, and clients will refuse the server once it expires.",
                    "Renew now and read the renewal job's log; reload the mail service after renewing."));
        } else if (left <= t.certWarnDays()) {
            hints.add(warning(
                    HintCode.CERT_EXPIRING,
                    "The certificate for " + f.host() + " expires " + when + " (" + date(leaf.notAfter()) + ").",
                    "It is still valid, but within " + Facts.days(t.certWarnDays())
                            + " of expiry; automated renewal should have replaced it by now.",
                    "Check that renewal runs (e.g. certbot renew --dry-run) and that the mail service is reloaded"
                            + " afterwards."));
        }
        return false;
    }

    private static Hint notYetValid(Facts f, String summary) {
        return error(
                HintCode.CERT_NOT_YET_VALID,
                summary,
                "Either the certificate was issued with a start date in the future, or a clock is wrong (the"
                        + " server's, or this machine's).",
                "Check the server's clock (NTP) and the certificate's start date; install a certificate that is"
                        + " already valid.");
    }

    private static void trust(Facts f, TrustVerdict trust, CertificateInfo leaf, boolean datesBad, List<Hint> hints) {
        if (trust.trusted()) {
            return;
        }
        Problem p = trust.problem();
        if ((p == Problem.EXPIRED || p == Problem.NOT_YET_VALID) && datesBad) {
            return; // the date hint says it all
        }
        if (p == Problem.SELF_SIGNED || (leaf.selfSigned() && p != Problem.INCOMPLETE_CHAIN)) {
            hints.add(error(
                    HintCode.CERT_SELF_SIGNED,
                    "The certificate for " + f.host() + " is self-signed.",
                    "No client trusts it unless someone installed it by hand: mail clients show a warning, and"
                            + " servers that verify certificates against a CA (MTA-STS, DANE-TA) refuse it. Only a"
                            + " DNSSEC-signed DANE-EE TLSA record (usage 3, RFC 7672 §3.1.1) pins it and makes it"
                            + " acceptable, to sending servers only.",
                    "Install a certificate from a public CA (e.g. Let's Encrypt) for " + f.host()
                            + "; for an internal CA, probe with --ca-file CA.pem."));
        } else if (p == Problem.INCOMPLETE_CHAIN) {
            hints.add(error(
                    HintCode.CERT_CHAIN_INCOMPLETE,
                    f.host() + " does not send the intermediate certificate(s).",
                    "The chain stops at a certificate whose issuer the server did not send, so clients that do not"
                            + " fetch intermediates themselves (most mail clients and servers) cannot verify it.",
                    "Configure the full chain, leaf first then intermediates (Let's Encrypt: fullchain.pem, not"
                            + " cert.pem)."));
        } else {
            hints.add(error(
                    HintCode.CERT_UNTRUSTED,
                    "The certificate chain of " + f.host() + " is not trusted.",
                    "It does not lead to a root in " + trustStore(f) + " (see 'trust' for the reason).",
                    "Use a certificate from a public CA; for a private CA, probe with --ca-file CA.pem."));
        }
    }

    private static void hostname(Facts f, HostnameVerdict v, List<Hint> hints) {
        if (!v.matches()) {
            String ip = f.target().hostIsIpLiteral()
                    ? " You probed an IP address, which certificates rarely name: probe the host name clients use."
                    : "";
            hints.add(error(
                    HintCode.CERT_HOSTNAME_MISMATCH,
                    "The certificate does not name " + f.host() + ".",
                    "Clients check that the name they connect to is among the certificate's names (see 'names');"
                            + " this one is for other names, so clients warn or refuse." + ip,
                    "Install a certificate that includes " + f.host()
                            + " as a subject alternative name, or point clients at a name it covers."));
        } else if (v.viaCommonName()) {
            hints.add(warning(
                    HintCode.CERT_HOSTNAME_CN_ONLY,
                    "The certificate names " + f.host() + " only in its subject CN.",
                    "RFC 6125 and current clients look only at subject alternative names; a certificate without"
                            + " them fails in many clients.",
                    "Reissue the certificate with " + f.host() + " as a subject alternative name (every public CA"
                            + " does this)."));
        }
    }

    private static void signatureAndKey(Facts f, TlsOutcome tls, List<Hint> hints) {
        // A root's self-signature is never checked, so only certificates signed by someone else count.
        List<CertificateInfo> signed = tls.chain().stream()
                .filter(c -> !c.selfSigned() || c == tls.leaf())
                .toList();
        if (signed.stream()
                .anyMatch(c -> c.signatureAlgorithm().toUpperCase(Locale.ROOT).contains("SHA1"))) {
            hints.add(error(
                    HintCode.CERT_SHA1_SIGNATURE,
                    "The certificate chain of " + f.host() + " uses a SHA-1 signature.",
                    "SHA-1 signatures can be forged (SHAttered, 2017); current TLS libraries refuse them.",
                    "Reissue the certificate (and any intermediate) with a SHA-256 signature."));
        }
        signed.stream()
                .filter(c -> c.keyType().equalsIgnoreCase("RSA") && c.keyBits() < 2048)
                .findFirst()
                .ifPresent(c -> hints.add(error(
                        HintCode.CERT_WEAK_KEY,
                        "The certificate " + (c == tls.leaf() ? "for " + f.host() : "chain of " + f.host()) + " has a "
                                + c.keyBits() + "-bit RSA key.",
                        "RSA keys under 2048 bits are within reach of a determined attacker, and current TLS"
                                + " libraries refuse them (OpenSSL security level 2).",
                        "Generate a new key (RSA 2048 bits or more, or ECDSA P-256) and reissue the certificate.")));
    }

    private static String trustStore(Facts f) {
        return f.result().request().options().caFile() == null
                ? "the JDK trust store"
                : "the JDK trust store or the --ca-file";
    }

    private static LocalDate date(Instant i) {
        return LocalDate.ofInstant(i, ZoneOffset.UTC);
    }
}
