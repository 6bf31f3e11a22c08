package dev.mailtls.card;

import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.tls.LegacyTlsResult;
import dev.mailtls.tls.TlsOutcome;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The manual command that reproduces a probe, for people who want to see it with their own eyes:
 * {@code openssl s_client} for implicit TLS and STARTTLS, a CRLF-speaking netcat for plaintext.
 */
final class ReproduceCommand {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:/-]+");
    /** JSSE's version names to openssl s_client's flags. */
    private static final Map<String, String> OPENSSL_VERSION_FLAGS = Map.of(
            "TLSv1", "-tls1", "TLSv1.0", "-tls1", "TLSv1.1", "-tls1_1", "TLSv1.2", "-tls1_2", "TLSv1.3", "-tls1_3");

    private static final Set<String> LEGACY_VERSIONS = Set.of("TLSv1", "TLSv1.0", "TLSv1.1");

    /** What a channel or web user reads for the operator's extra CA file in {@code -CAfile}. */
    public static final String OPERATOR_CA = "operator-ca.pem";

    private ReproduceCommand() {}

    /**
     * The command for a target.
     *
     * @param sni the server name sent in the ClientHello; null sends none (as for an IP literal)
     */
    public static String of(Target target, @Nullable String sni) {
        String host = target.host();
        if (target.transport() == null
                || target.transport() == Transport.PLAIN
                || (target.transport() == Transport.STARTTLS && target.protocol() == null)) {
            // openssl cannot stay in plaintext; netcat-openbsd's -C sends CRLF line endings as mail
            // protocols require. With no known protocol, -starttls cannot be chosen: look at the greeting.
            return "nc -C " + quote(host) + " " + target.port();
        }
        StringBuilder b = new StringBuilder("openssl s_client -connect ").append(quote(target.hostPort()));
        if (sni != null && !sni.isEmpty()) {
            b.append(" -servername ").append(quote(sni));
        }
        if (target.transport() == Transport.STARTTLS) {
            // openssl's -starttls names are smtp, imap and pop3: the protocol ids.
            b.append(" -starttls ")
                    .append(Objects.requireNonNull(target.protocol()).id());
        }
        return b.toString();
    }

    /**
     * The command that reproduces what a probe saw: its SNI, the extra CA file it trusted ({@code
     * -CAfile}), and the TLS version that shows a finding: TLS 1.0/1.1 when the server accepted it
     * (OpenSSL 3 offers those only at security level 0), else a version pinned with --tls-version.
     *
     * @param showCaPath whether the reader may see the CA file's path: the CLI user who gave it
     *     does; a channel or a web user reads {@value #OPERATOR_CA} instead (never the server's paths)
     */
    public static String of(ProbeResult r, boolean showCaPath) {
        String base = of(r.target(), CardComposer.sni(r));
        if (!base.startsWith("openssl ")) {
            return base;
        }
        StringBuilder b = new StringBuilder(base);
        Path ca = r.request().options().caFile();
        if (ca != null) {
            b.append(" -CAfile ").append(showCaPath ? quote(ca.toString()) : OPERATOR_CA);
        }
        String version = versionShown(r);
        String flag = version == null ? null : OPENSSL_VERSION_FLAGS.get(version);
        if (flag != null) {
            b.append(' ').append(flag);
            if (LEGACY_VERSIONS.contains(version)) {
                b.append(" -cipher ").append(quote("DEFAULT:@SECLEVEL=0"));
            }
        }
        return b.toString();
    }

    /** The version to offer: a legacy one the server accepted, else the one the probe was pinned to. */
    private static @Nullable String versionShown(ProbeResult r) {
        TlsOutcome tls = r.tls();
        if (tls != null) {
            LegacyTlsResult legacy = tls.legacy();
            if (legacy != null && legacy.accepted()) {
                return legacy.acceptedVersion();
            }
            if (LEGACY_VERSIONS.contains(tls.version())) {
                return tls.version();
            }
        }
        return r.request().options().tlsVersion();
    }

    /** The command with the SNI a client would send: the host name, none for an IP literal. */
    public static String of(Target target) {
        return of(target, target.hostIsIpLiteral() ? null : target.host());
    }

    private static String quote(String s) {
        return SHELL_SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
