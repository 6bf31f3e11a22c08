package dev.mailtls.summary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Groups that need no configuration: each provider's published client endpoints (SMTP submission,
 * IMAP, POP3), so a support channel can ask "is it us or them?" with {@code /mailtls provider
 * gmail}. Names are matched case-insensitively; Outlook also answers to office365, microsoft365
 * and hotmail. The group of a preset is named {@code provider-<name>}.
 */
public final class ProviderPresets {
    /** Canonical name → targets, in the order a summary lists them. */
    private static final Map<String, List<String>> PRESETS = new LinkedHashMap<>();

    private static final Map<String, String> ALIASES = Map.of(
            "office365", "outlook",
            "microsoft365", "outlook",
            "hotmail", "outlook");

    static {
        // support.google.com/mail/answer/7126229 ("Read Gmail messages on other email clients"):
        // smtp.gmail.com 465 (SSL) or 587 (TLS, i.e. STARTTLS), imap.gmail.com 993, pop.gmail.com 995.
        PRESETS.put(
                "gmail",
                List.of(
                        "smtp.gmail.com 587 starttls smtp",
                        "smtp.gmail.com 465 tls smtp",
                        "imap.gmail.com 993 tls imap",
                        "pop.gmail.com 995 tls pop3"));
        // support.microsoft.com "POP, IMAP, and SMTP settings for Outlook.com" and the Exchange Online
        // client settings: IMAP and POP at outlook.office365.com 993/995 (SSL/TLS); submission with
        // STARTTLS on 587 at smtp.office365.com (Microsoft 365) and smtp-mail.outlook.com (the
        // consumer name Outlook.com's page gives, for @outlook/@hotmail/@live addresses).
        PRESETS.put(
                "outlook",
                List.of(
                        "smtp.office365.com 587 starttls smtp",
                        "smtp-mail.outlook.com 587 starttls smtp",
                        "outlook.office365.com 993 tls imap",
                        "outlook.office365.com 995 tls pop3"));
        // help.yahoo.com "IMAP server settings for Yahoo Mail" / "POP access settings":
        // smtp.mail.yahoo.com 465 (SSL) or 587 (TLS), imap.mail.yahoo.com 993, pop.mail.yahoo.com 995.
        PRESETS.put(
                "yahoo",
                List.of(
                        "smtp.mail.yahoo.com 465 tls smtp",
                        "smtp.mail.yahoo.com 587 starttls smtp",
                        "imap.mail.yahoo.com 993 tls imap",
                        "pop.mail.yahoo.com 995 tls pop3"));
        // support.apple.com/102525 ("iCloud Mail server settings for other email client apps"):
        // imap.mail.me.com 993 (SSL), smtp.mail.me.com 587 (STARTTLS); iCloud offers no POP3.
        PRESETS.put("icloud", List.of("smtp.mail.me.com 587 starttls smtp", "imap.mail.me.com 993 tls imap"));
        // fastmail.com/help/technical/servernamesandports.html: imap.fastmail.com 993, pop.fastmail.com
        // 995, smtp.fastmail.com 465 (SSL/TLS) or 587 (STARTTLS).
        PRESETS.put(
                "fastmail",
                List.of(
                        "smtp.fastmail.com 465 tls smtp",
                        "smtp.fastmail.com 587 starttls smtp",
                        "imap.fastmail.com 993 tls imap",
                        "pop.fastmail.com 995 tls pop3"));
        // zoho.com/mail/help/imap-access.html and pop-access.html: smtp.zoho.com 465 (SSL) or 587 (TLS),
        // imap.zoho.com 993, pop.zoho.com 995. These are the zoho.com data centre's personal-account
        // names; EU/IN accounts use zoho.eu/zoho.in and organisations smtppro/imappro/poppro.
        PRESETS.put(
                "zoho",
                List.of(
                        "smtp.zoho.com 465 tls smtp",
                        "smtp.zoho.com 587 starttls smtp",
                        "imap.zoho.com 993 tls imap",
                        "pop.zoho.com 995 tls pop3"));
    }

    private ProviderPresets() {}

    /** The preset of a provider by name or alias (case-insensitive), e.g. {@code gmail}, {@code office365}. */
    public static Optional<TargetGroup> preset(String name) {
        return canonicalName(name).map(n -> new TargetGroup("provider-" + n, PRESETS.get(n)));
    }

    /** The canonical provider names, in a stable order (aliases not included). */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /** The aliases and the provider each names, e.g. {@code office365 → outlook}. */
    public static Map<String, String> aliases() {
        return ALIASES;
    }

    /** The canonical name for a name or alias, if it is a known provider. */
    public static Optional<String> canonicalName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        String canonical = ALIASES.getOrDefault(n, n);
        return PRESETS.containsKey(canonical) ? Optional.of(canonical) : Optional.empty();
    }
}
