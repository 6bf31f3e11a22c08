package dev.mailtls.probe;

import dev.mailtls.auth.Credentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to probe. Every timeout is bounded by {@link #deadline()}, which closes the socket whatever
 * phase is stuck.
 *
 * @param deadline the whole probe's budget
 * @param connectTimeout budget for one TCP connect
 * @param greetingTimeout how long to wait for a greeting before calling the service unresponsive
 * @param slowGreeting a greeting slower than this is reported (greylisting, tarpits)
 * @param ehloName the name sent in EHLO/HELO
 * @param sniName the server name to send in the ClientHello; null means the host typed
 * @param caFile extra trusted CA certificates (PEM), for internal PKI
 * @param authProbe whether to run the auth probe
 * @param credentials real credentials for the auth probe; null means deliberately invalid ones
 * @param allowPlaintextAuth run the auth probe with made-up credentials even on an unencrypted
 *     channel; never together with real {@code credentials}
 * @param tlsVersion pin the offered TLS version ("TLSv1.2", "TLSv1.3"); null offers the defaults
 * @param legacyTlsCheck after a successful probe, offer only TLS 1.0/1.1 on a second connection
 * @param deep after a successful TLS probe, enumerate every version and suite the server accepts
 *     (many more connections: {@code --deep})
 */
public record ProbeOptions(
        Duration deadline,
        Duration connectTimeout,
        Duration greetingTimeout,
        Duration slowGreeting,
        String ehloName,
        @Nullable String sniName,
        @Nullable Path caFile,
        boolean authProbe,
        @Nullable Credentials credentials,
        boolean allowPlaintextAuth,
        @Nullable String tlsVersion,
        boolean legacyTlsCheck,
        boolean deep) {

    /** The deadline of a deep probe unless one is given: the enumeration makes many connections. */
    public static final Duration DEEP_DEADLINE = Duration.ofSeconds(60);

    /** A neutral FQDN for EHLO that reveals nothing about where mailtls runs. */
    public static final String DEFAULT_EHLO_NAME = "mailtls.invalid";

    /** Why real credentials and plaintext auth together are refused; one line, for every front end. */
    public static final String REAL_CREDENTIALS_IN_PLAINTEXT =
            "--auth-plaintext allows only the made-up login of --auth-probe: a real password (--user) is sent"
                    + " only over TLS to a trusted certificate that names the host";

    public ProbeOptions {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(greetingTimeout, "greetingTimeout");
        Objects.requireNonNull(slowGreeting, "slowGreeting");
        Objects.requireNonNull(ehloName, "ehloName");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        if (ehloName.isBlank() || !ehloName.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new IllegalArgumentException(
                    "EHLO name must be a host name or address literal, was '" + ehloName + "'");
        }
        if (tlsVersion != null && !tlsVersion.equals("TLSv1.2") && !tlsVersion.equals("TLSv1.3")) {
            throw new IllegalArgumentException("TLS version must be TLSv1.2 or TLSv1.3, was " + tlsVersion);
        }
        if (credentials != null && allowPlaintextAuth) {
            // A real password goes only over TLS to a trusted certificate that names the host:
            // allowing plaintext is for the made-up login of the auth probe alone.
            throw new IllegalArgumentException(REAL_CREDENTIALS_IN_PLAINTEXT);
        }
    }

    /** Defaults: 15 s deadline, 5 s connect, 10 s greeting, slow after 3 s, no auth probe. */
    public static ProbeOptions defaults() {
        return new ProbeOptions(
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                DEFAULT_EHLO_NAME,
                null,
                null,
                false,
                null,
                false,
                null,
                true,
                false);
    }

    /** A deadline; the connect and greeting timeouts shrink to fit inside it. */
    public ProbeOptions withDeadline(Duration d) {
        return copy(b -> {
            b.deadline = d;
            b.connectTimeout = connectTimeout.compareTo(d) > 0 ? d : connectTimeout;
            b.greetingTimeout = greetingTimeout.compareTo(d) > 0 ? d : greetingTimeout;
        });
    }

    public ProbeOptions withTimeouts(Duration connect, Duration greeting, Duration slow) {
        return copy(b -> {
            b.connectTimeout = connect;
            b.greetingTimeout = greeting;
            b.slowGreeting = slow;
        });
    }

    public ProbeOptions withEhloName(String name) {
        return copy(b -> b.ehloName = name);
    }

    public ProbeOptions withSniName(@Nullable String name) {
        return copy(b -> b.sniName = name);
    }

    public ProbeOptions withCaFile(@Nullable Path file) {
        return copy(b -> b.caFile = file);
    }

    public ProbeOptions withAuthProbe(boolean on, @Nullable Credentials creds, boolean allowPlaintext) {
        return copy(b -> {
            b.authProbe = on;
            b.credentials = creds;
            b.allowPlaintextAuth = allowPlaintext;
        });
    }

    public ProbeOptions withTlsVersion(@Nullable String version) {
        return copy(b -> b.tlsVersion = version);
    }

    public ProbeOptions withLegacyTlsCheck(boolean on) {
        return copy(b -> b.legacyTlsCheck = on);
    }

    /** A deep probe: every accepted version and suite, on many more connections. */
    public ProbeOptions withDeep(boolean on) {
        return copy(b -> b.deep = on);
    }

    private ProbeOptions copy(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** The components as mutable fields, so each {@code withX} names only what it changes. */
    private static final class Copy {
        Duration deadline;
        Duration connectTimeout;
        Duration greetingTimeout;
        Duration slowGreeting;
        String ehloName;

        @Nullable
        String sniName;

        @Nullable
        Path caFile;

        boolean authProbe;

        @Nullable
        Credentials credentials;

        boolean allowPlaintextAuth;

        @Nullable
        String tlsVersion;

        boolean legacyTlsCheck;
        boolean deep;

        Copy(ProbeOptions o) {
            deadline = o.deadline;
            connectTimeout = o.connectTimeout;
            greetingTimeout = o.greetingTimeout;
            slowGreeting = o.slowGreeting;
            ehloName = o.ehloName;
            sniName = o.sniName;
            caFile = o.caFile;
            authProbe = o.authProbe;
            credentials = o.credentials;
            allowPlaintextAuth = o.allowPlaintextAuth;
            tlsVersion = o.tlsVersion;
            legacyTlsCheck = o.legacyTlsCheck;
            deep = o.deep;
        }

        ProbeOptions build() {
            return new ProbeOptions(
                    deadline,
                    connectTimeout,
                    greetingTimeout,
                    slowGreeting,
                    ehloName,
                    sniName,
                    caFile,
                    authProbe,
                    credentials,
                    allowPlaintextAuth,
                    tlsVersion,
                    legacyTlsCheck,
                    deep);
        }
    }

    @Override
    public String toString() {
        // Credentials never reach a log line through this record.
        return "ProbeOptions[deadline=" + deadline + ", ehloName=" + ehloName + ", sniName=" + sniName + ", caFile="
                + caFile + ", authProbe=" + authProbe + ", realCredentials=" + (credentials != null)
                + ", tlsVersion=" + tlsVersion + ", legacyTlsCheck=" + legacyTlsCheck + ", deep=" + deep + "]";
    }
}
