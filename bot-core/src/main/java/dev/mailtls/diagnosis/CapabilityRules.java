package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.Hints.ok;
import static dev.mailtls.diagnosis.Hints.warning;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the server offers on the unencrypted channel. Login there exposes passwords, and an attacker
 * on the path can strip the STARTTLS upgrade (RFC 3207 §4.2, RFC 3501 §6.2.3, RFC 2595 §4).
 */
final class CapabilityRules implements Rules {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    @Override
    public List<Hint> diagnose(Facts f) {
        List<String> caps = f.result().capabilitiesBeforeTls();
        if (caps == null || f.transport() == Transport.TLS || f.protocol() == null) {
            return List.of();
        }
        List<String> offered = loginOffers(f.protocol(), caps);
        if (!offered.isEmpty()) {
            return List.of(authBeforeTls(f, offered));
        }
        if (f.protocol() == Protocol.IMAP && has(caps, "LOGINDISABLED")) {
            return List.of(ok(
                    HintCode.LOGIN_DISABLED_BEFORE_TLS,
                    "Login is disabled before TLS (LOGINDISABLED), as it should be.",
                    f.where() + " refuses the IMAP LOGIN command until the session is encrypted."));
        }
        return List.of();
    }

    /** Whether the plaintext channel offers a way to send a password. */
    static boolean offersLoginBeforeTls(Facts f) {
        List<String> caps = f.result().capabilitiesBeforeTls();
        return caps != null
                && f.transport() != Transport.TLS
                && f.protocol() != null
                && !loginOffers(f.protocol(), caps).isEmpty();
    }

    /**
     * The login offers in a capability list, rebuilt from safe tokens: SMTP "AUTH PLAIN LOGIN", IMAP
     * "AUTH=PLAIN" or a LOGIN command that LOGINDISABLED does not turn off, POP3 "SASL PLAIN" or "USER".
     */
    static List<String> loginOffers(Protocol protocol, List<String> caps) {
        List<String> out = new ArrayList<>();
        for (String cap : caps) {
            String c = cap.strip().toUpperCase(Locale.ROOT);
            switch (protocol) {
                case SMTP -> {
                    if (c.startsWith("AUTH ") || c.startsWith("AUTH=")) {
                        out.add("AUTH " + tokens(c.substring(5)));
                    }
                }
                case IMAP -> {
                    if (c.startsWith("AUTH=")) {
                        out.add("AUTH=" + tokens(c.substring(5)));
                    }
                }
                case POP3 -> {
                    if (c.equals("USER")) {
                        out.add("USER");
                    } else if (c.startsWith("SASL ")) {
                        out.add("SASL " + tokens(c.substring(5)));
                    }
                }
            }
        }
        if (protocol == Protocol.IMAP && !caps.isEmpty() && !has(caps, "LOGINDISABLED")) {
            // RFC 3501 §6.2.3: without LOGINDISABLED the LOGIN command accepts a cleartext password.
            out.add("LOGIN");
        }
        return List.copyOf(out);
    }

    private static Hint authBeforeTls(Facts f, List<String> offered) {
        String where = f.transport() == Transport.PLAIN ? "on this unencrypted channel" : "before TLS";
        String what = String.join(" · ", offered);
        return warning(
                HintCode.AUTH_BEFORE_TLS,
                f.where() + " offers login " + where + " (" + what + ").",
                "A client may send its password in cleartext before (or instead of) the "
                        + f.starttlsWord() + " upgrade, and anyone on the path can strip the upgrade and"
                        + " collect it.",
                "Offer login only after TLS (Postfix: smtpd_tls_auth_only = yes; Dovecot: auth_allow_cleartext"
                        + " = no, formerly disable_plaintext_auth = yes).");
    }

    private static boolean has(List<String> caps, String cap) {
        return caps.stream().anyMatch(c -> c.strip().equalsIgnoreCase(cap));
    }

    private static String tokens(String s) {
        List<String> safe = new ArrayList<>();
        for (String t : s.split("[\\s=]+")) {
            if (TOKEN.matcher(t).matches() && safe.size() < 8) {
                safe.add(t);
            }
        }
        return String.join(" ", safe).strip();
    }
}
