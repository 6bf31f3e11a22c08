package dev.mailtls.diagnosis;

import dev.mailtls.command.TryCommand;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.internal.text.HumanTime;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A probe result seen through the questions the rules ask, with the wording they share. */
record Facts(ProbeResult result, DiagnosisThresholds thresholds) {

    private static final Pattern SMTP_CODE = Pattern.compile("^(\\d{3})[ -]?(\\d\\.\\d{1,3}\\.\\d{1,3})?");
    private static final Pattern IMAP_STATUS = Pattern.compile("^(?:\\S+ )?(NO|BAD|BYE)\\b", Pattern.CASE_INSENSITIVE);

    Target target() {
        return result.target();
    }

    String host() {
        return result.target().host();
    }

    int port() {
        return result.target().port();
    }

    @Nullable
    Protocol protocol() {
        return result.target().protocol();
    }

    Transport transport() {
        return result.target().transport();
    }

    /** {@code host:port}, as people write it. */
    String where() {
        return result.target().hostPort();
    }

    /** "SMTP", "IMAP", "POP3", or "mail" when the protocol is not known. */
    String service() {
        Protocol p = protocol();
        return p == null ? "mail" : p.displayName();
    }

    /** The service with its article: "an SMTP", "an IMAP", "a POP3", "a mail". */
    String aService() {
        Protocol p = protocol();
        return (p == Protocol.SMTP || p == Protocol.IMAP ? "an " : "a ") + service();
    }

    /** The upgrade command's name: STLS for POP3, STARTTLS otherwise. */
    String starttlsWord() {
        return protocol() == Protocol.POP3 ? "STLS" : "STARTTLS";
    }

    @Nullable
    FailureCode failureCode() {
        Failure f = result.failure();
        return f == null ? null : f.code();
    }

    boolean failedWith(FailureCode code) {
        return failureCode() == code;
    }

    boolean failedIn(Phase phase) {
        Failure f = result.failure();
        return f != null && f.phase() == phase;
    }

    boolean greeted() {
        return result.greeting() != null && result.greeting().accepted();
    }

    /**
     * The probe of this host another way, e.g. {@code mailtls probe h 465 tls smtp}, as data; deep
     * when this probe was, so the suggestion reproduces it.
     */
    TryCommand tryCommand(int port, Transport transport) {
        return new TryCommand(
                host(), port, transport, protocol(), result.request().options().deep());
    }

    /** The implicit-TLS port of this protocol when probing its usual plaintext port, else this port. */
    int implicitTlsPort() {
        Protocol p = protocol();
        if (p != null && WellKnownPorts.transportOf(port()).orElse(Transport.TLS) != Transport.TLS) {
            return WellKnownPorts.defaultPort(p, Transport.TLS);
        }
        return port();
    }

    /** " (1.2.3.4)" when the address connected to says more than the host, else "". */
    String addressNote() {
        String a = result.address();
        return a == null || a.equals(host()) ? "" : " (" + a + ")";
    }

    /** Whether a capability list advertises the STARTTLS/STLS upgrade. */
    boolean advertisesStartTls(@Nullable List<String> caps) {
        return caps != null
                && caps.stream()
                        .map(c -> c.strip().toUpperCase(Locale.ROOT))
                        .anyMatch(c -> c.equals("STARTTLS") || c.equals("STLS"));
    }

    /**
     * The status part of a server reply, safe to quote because it is rebuilt from a pattern: "421
     * 4.7.0", "NO", "BYE", "-ERR". Empty when the reply has none.
     */
    static String replyCode(@Nullable String reply) {
        if (reply == null || reply.isBlank()) {
            return "";
        }
        String first = reply.strip().lines().findFirst().orElse("");
        Matcher smtp = SMTP_CODE.matcher(first);
        if (smtp.find()) {
            return smtp.group(2) == null ? smtp.group(1) : smtp.group(1) + " " + smtp.group(2);
        }
        if (first.regionMatches(true, 0, "-ERR", 0, 4)) {
            return "-ERR";
        }
        Matcher imap = IMAP_STATUS.matcher(first);
        return imap.find() ? imap.group(1).toUpperCase(Locale.ROOT) : "";
    }

    /** " (421 4.7.0)" or "". */
    static String replyCodeNote(@Nullable String reply) {
        String code = replyCode(reply);
        return code.isEmpty() ? "" : " (" + code + ")";
    }

    /** "10 s", "2.5 s", "800 ms". */
    static String human(Duration d) {
        return HumanTime.of(d.toMillis());
    }

    static String days(long n) {
        return n == 1 ? "1 day" : n + " days";
    }
}
