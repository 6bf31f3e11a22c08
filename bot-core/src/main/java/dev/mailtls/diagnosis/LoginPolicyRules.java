package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.Hints.error;
import static dev.mailtls.diagnosis.Hints.info;
import static dev.mailtls.diagnosis.Hints.ok;
import static dev.mailtls.diagnosis.Hints.warning;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.AuthOutcome.Verdict;
import dev.mailtls.endpoint.Protocol;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The auth probe's answer, decoded: a provider's login policy when its reply names one, else what
 * the verdict means. A rejection of the probe's made-up credentials is the healthy answer.
 */
final class LoginPolicyRules implements Rules {

    @Override
    public List<Hint> diagnose(Facts f) {
        AuthOutcome auth = f.result().auth();
        if (auth == null) {
            return List.of();
        }
        // A server that does not offer a login still says why when asked (530 5.7.0, Dovecot's
        // "Plaintext authentication disallowed"): decode that too.
        if (auth.verdict() == Verdict.REJECTED
                || auth.verdict() == Verdict.ERROR
                || (auth.verdict() == Verdict.NOT_OFFERED && auth.finalReply() != null)) {
            Hint policy = policy(f, replyText(auth), auth.realCredentials());
            if (policy != null) {
                return List.of(policy);
            }
        }
        return List.of(verdict(f, auth));
    }

    private static String replyText(AuthOutcome auth) {
        String last = auth.finalReply() != null ? auth.finalReply() : "";
        return (last + "\n" + String.join("\n", auth.exchange())).toLowerCase(Locale.ROOT);
    }

    /**
     * A provider's login policy named in the reply. With the auth probe's made-up login the reply says
     * what the server demands of accounts in general, nothing about one account: worded conditionally.
     */
    private static @Nullable Hint policy(Facts f, String reply, boolean real) {
        boolean encrypted = f.result().tls() != null;
        String answered = f.host() + " answered " + (real ? "your login" : "the made-up login");
        if (reply.contains("application-specific password") || reply.contains("534-5.7.9")) {
            return warning(
                    HintCode.APP_PASSWORD_REQUIRED,
                    real
                            ? "The account has 2-step verification: a mail client needs an app password or OAuth, not"
                                    + " the account password."
                            : "The server requires an app password or OAuth, not the account password, from"
                                    + " accounts with 2-step verification.",
                    answered + " with \"Application-specific password required\" (Gmail 534-5.7.9; IMAP [ALERT],"
                            + " POP3 -ERR [AUTH])" + (real ? "" : ": its policy, not a fact about any account") + "."
                            + " The server itself is fine.",
                    (real ? "Create an app password for the account" : "For such an account, create an app password")
                            + " (Google Account > Security > App passwords) and use it in the mail client, or use a"
                            + " client that signs in with OAuth (XOAUTH2).");
        }
        if (reply.contains("5.7.14")
                || reply.contains("please log in via your web browser")
                || reply.contains("[webalert")
                || reply.contains("web login required")) {
            return warning(
                    HintCode.WEB_LOGIN_REQUIRED,
                    "The provider wants a sign-in in a web browser first: it blocks this password login.",
                    answered + " with \"Please log in via your web browser\" (Gmail 534-5.7.14, IMAP"
                            + " [WEBALERT]): logins from mail clients are blocked"
                            + (real ? " for this account" : " for accounts the provider flags")
                            + ", as a less secure app or as a suspicious sign-in, until the user signs in on the web.",
                    "Sign in to the provider's web mail, confirm the blocked sign-in, and retry; for Google"
                            + " accounts use an app password or OAuth (XOAUTH2): plain passwords are no longer"
                            + " accepted.");
        }
        if (reply.contains("5.7.139") || reply.contains("smtpclientauthentication is disabled")) {
            return warning(
                    HintCode.SMTP_AUTH_DISABLED_TENANT,
                    "Microsoft 365 has SMTP AUTH disabled for this tenant (535 5.7.139).",
                    "Password (basic) authentication for client submission is switched off for the whole"
                            + " organisation (or by Security defaults), so only mailboxes an admin allowed one by one"
                            + " can send through " + f.host() + " with a username and password.",
                    "An Exchange admin can allow it per mailbox (Set-CASMailbox -Identity USER"
                            + " -SmtpClientAuthenticationDisabled $false) or for the tenant (Set-TransportConfig"
                            + " -SmtpClientAuthenticationDisabled $false); better, move the client to OAuth.");
        }
        if (reply.contains("plaintext authentication disallowed")) {
            return encrypted
                    ? warning(
                            HintCode.PLAINTEXT_AUTH_DISALLOWED,
                            f.host() + " refuses passwords even though this session uses TLS.",
                            "Dovecot answered \"Plaintext authentication disallowed\": it believes the connection is"
                                    + " insecure, which happens behind a TLS proxy that talks to it in plaintext.",
                            "Let Dovecot terminate TLS itself, or list the proxy's address in"
                                    + " login_trusted_networks.")
                    : ok(
                            HintCode.PLAINTEXT_AUTH_DISALLOWED,
                            f.host() + " refuses passwords on the unencrypted channel, as it should.",
                            "Dovecot answers \"Plaintext authentication disallowed\" until the session uses TLS:"
                                    + " clients must use " + f.starttlsWord() + " or implicit TLS to log in.");
        }
        if (reply.contains("must issue a starttls")
                || reply.contains("5.7.11")
                || reply.contains("[privacyrequired]")
                || (reply.startsWith("530") && reply.contains("5.7.0") && !reply.contains("authentication required"))) {
            return encrypted
                    ? warning(
                            HintCode.LOGIN_REQUIRES_STARTTLS,
                            f.host() + " asks for STARTTLS although this session already uses TLS.",
                            "The server does not see the session as encrypted, which points to a TLS proxy in"
                                    + " front of it or a configuration mismatch.",
                            "Check how TLS reaches the mail service (proxy, wrapper mode) and its TLS settings.")
                    : ok(
                            HintCode.LOGIN_REQUIRES_STARTTLS,
                            f.host() + " requires " + f.starttlsWord() + " before login (530 5.7.0), as it should.",
                            "The server refuses to take a password on the unencrypted channel: clients must"
                                    + " upgrade with " + f.starttlsWord() + " (or use implicit TLS) first.");
        }
        return null;
    }

    private static Hint verdict(Facts f, AuthOutcome auth) {
        boolean real = auth.realCredentials();
        return switch (auth.verdict()) {
            case REJECTED -> real ? failed(f) : looksLikeBadCredentials(auth.finalReply()) ? healthy(f) : odd(f);
            case ACCEPTED ->
                real
                        ? ok(
                                HintCode.AUTH_ACCEPTED,
                                "The login with your account worked.",
                                f.host() + " accepted the credentials"
                                        + (f.result().tls() != null ? " over TLS." : " on an unencrypted channel."))
                        : error(
                                HintCode.AUTH_ACCEPTED,
                                f.host() + " accepted a made-up username and password.",
                                "The auth probe's deliberately invalid credentials were accepted: the server does not"
                                        + " check logins (a test or misconfigured server), so anyone can send or read"
                                        + " mail as anyone.",
                                "Fix the server's authentication backend now (Postfix smtpd_sasl_*, Dovecot passdb):"
                                        + " no one should be able to log in with invented credentials.");
            case NOT_OFFERED -> notOffered(f);
            case SKIPPED_PLAINTEXT ->
                real
                        ? info(
                                HintCode.AUTH_SKIPPED_PLAINTEXT,
                                "Your password was not sent: the channel is not encrypted.",
                                "mailtls sends a real password only over TLS to a trusted certificate that names the"
                                        + " host; --auth-plaintext only ever allows the made-up login of --auth-probe.",
                                "Probe with " + f.starttlsWord() + " or implicit TLS.")
                        : info(
                                HintCode.AUTH_SKIPPED_PLAINTEXT,
                                "The auth probe did not run: the channel is not encrypted.",
                                "mailtls never sends credentials, not even made-up ones, in plaintext unless told to.",
                                "Probe with " + f.starttlsWord()
                                        + " or implicit TLS, or force it with --auth-plaintext.");
            case SKIPPED_UNTRUSTED ->
                warning(
                        HintCode.AUTH_SKIPPED_UNTRUSTED,
                        "Your password was not sent: the server's certificate is not trusted for " + f.host() + ".",
                        "With an untrusted or mismatched certificate, or bytes injected around STARTTLS, anyone in"
                                + " the path could be the server and read the password, so mailtls kept it.",
                        "Fix the certificate first (see the certificate hints), or probe with --ca-file for an"
                                + " internal CA; the invalid-credential probe (--auth-probe) still shows the policy.");
            case ERROR -> odd(f);
        };
    }

    private static boolean looksLikeBadCredentials(@Nullable String reply) {
        if (reply == null) {
            return false;
        }
        String r = reply.strip().toUpperCase(Locale.ROOT);
        return r.startsWith("535") || r.startsWith("-ERR") || r.startsWith("NO ") || r.matches("^\\S+ NO\\b[\\s\\S]*");
    }

    private static Hint healthy(Facts f) {
        return ok(
                HintCode.AUTH_INVALID_CREDENTIALS,
                "The made-up login was rejected: healthy, the server checks credentials.",
                f.host() + " answered the auth probe's invalid username and password with a plain credentials"
                        + " failure, and named no special login policy.");
    }

    private static Hint failed(Facts f) {
        return error(
                HintCode.AUTH_FAILED,
                f.host() + " rejected the username and password you gave.",
                "The server answered with a credentials failure and named no special login policy (app password,"
                        + " web sign-in, tenant setting).",
                "Check the username (often the full address) and the password; with 2-step verification, use an"
                        + " app password or OAuth.");
    }

    private static Hint odd(Facts f) {
        return warning(
                HintCode.AUTH_UNEXPECTED_REPLY,
                f.host() + " answered the login probe unexpectedly.",
                "The answer was neither an acceptance nor a plain credentials failure. A temporary failure (454"
                        + " 4.7.0) points to a broken authentication backend; a dropped connection to a crash"
                        + " or a proxy.",
                "Read the exchange above and the server's authentication log at the time of this probe.");
    }

    private static Hint notOffered(Facts f) {
        if (f.result().tls() == null) {
            return info(
                    HintCode.AUTH_NOT_OFFERED,
                    "No login is offered on the unencrypted channel.",
                    f.host() + " keeps login for encrypted sessions, which is as it should be.",
                    "Probe with " + f.starttlsWord() + " or implicit TLS to see the login offered after TLS.");
        }
        if (f.protocol() == Protocol.SMTP && f.port() == 25) {
            return info(
                    HintCode.AUTH_NOT_OFFERED,
                    "No login is offered on port 25.",
                    "That is normal for a server that receives mail from other servers (an MX); mail clients"
                            + " submit on 587 or 465.",
                    "Point mail clients at port 587 (STARTTLS) or 465 (implicit TLS).");
        }
        return warning(
                HintCode.AUTH_NOT_OFFERED,
                "Mail clients cannot log in on " + f.where() + ": no usable login mechanism is offered after TLS.",
                "The capabilities after TLS list no mechanism the probe can use (PLAIN, LOGIN; for POP3 USER; for"
                        + " IMAP LOGIN).",
                "Enable authentication on this port (Postfix: smtpd_sasl_auth_enable = yes on the submission"
                        + " service; Dovecot: an auth mechanism such as plain), or use the port meant for clients.");
    }
}
