package dev.mailtls.testing;

import dev.mailtls.tls.TlsEnumeration;
import dev.mailtls.tls.TlsEnumeration.Acceptance;
import dev.mailtls.tls.TlsEnumeration.VersionSuites;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Deep-probe results as real servers give them, and the pieces to build others. */
public final class Enumerations {
    private Enumerations() {}

    public static final List<String> TLS13 =
            List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");

    /**
     * Postfix 3.7 on Debian with OpenSSL 3 and an RSA certificate, port 25: {@code smtpd_tls_ciphers =
     * medium} in the client's order (no {@code tls_preempt_cipherlist}), anonymous suites included.
     */
    public static final List<String> POSTFIX_TLS12 = List.of(
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_CCM_8",
            "TLS_DHE_RSA_WITH_AES_256_CCM",
            "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_CCM_8",
            "TLS_DHE_RSA_WITH_AES_128_CCM",
            "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384",
            "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
            "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA",
            "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
            "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
            "TLS_DH_anon_WITH_AES_256_CBC_SHA256",
            "TLS_DH_anon_WITH_AES_256_CBC_SHA",
            "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA",
            "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
            "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
            "TLS_DH_anon_WITH_AES_128_CBC_SHA256",
            "TLS_DH_anon_WITH_AES_128_CBC_SHA",
            "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_RSA_WITH_AES_256_CCM_8",
            "TLS_RSA_WITH_AES_256_CCM",
            "TLS_RSA_WITH_ARIA_256_GCM_SHA384",
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_128_CCM_8",
            "TLS_RSA_WITH_AES_128_CCM",
            "TLS_RSA_WITH_ARIA_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA256",
            "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256",
            "TLS_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA");

    /** Debian's Postfix on port 25: TLS 1.2 and 1.3, the older versions refused. */
    public static TlsEnumeration postfixPort25() {
        return of(
                no("SSLv3"),
                no("TLSv1"),
                no("TLSv1.1"),
                yes("TLSv1.2", false, POSTFIX_TLS12, List.of("x25519", "secp256r1", "x448"), List.of(2048)),
                yes("TLSv1.3", false, TLS13, List.of("x25519"), List.of()));
    }

    /** A strict modern server: ECDHE with AEAD in its own order, TLS 1.3. */
    public static TlsEnumeration modern() {
        return of(
                no("SSLv3"),
                no("TLSv1"),
                no("TLSv1.1"),
                yes(
                        "TLSv1.2",
                        true,
                        List.of(
                                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                        List.of("x25519"),
                        List.of()),
                yes("TLSv1.3", true, TLS13, List.of("x25519"), List.of()));
    }

    public static TlsEnumeration of(VersionSuites... versions) {
        return new TlsEnumeration(List.of(versions), List.of(), 24, 850);
    }

    /** The same enumeration with notes of what could not be decided. */
    public static TlsEnumeration withUnknown(TlsEnumeration e, String... unknown) {
        return new TlsEnumeration(e.versions(), List.of(unknown), e.connections(), e.millis());
    }

    public static VersionSuites yes(String version, @Nullable Boolean serverPreference, String... suites) {
        return yes(version, serverPreference, List.of(suites), List.of("x25519"), List.of());
    }

    public static VersionSuites yes(
            String version,
            @Nullable Boolean serverPreference,
            List<String> suites,
            List<String> groups,
            List<Integer> dhBits) {
        return new VersionSuites(version, Acceptance.YES, suites, serverPreference, groups, dhBits);
    }

    public static VersionSuites no(String version) {
        return new VersionSuites(version, Acceptance.NO, List.of(), null, List.of(), List.of());
    }

    public static VersionSuites unknown(String version) {
        return new VersionSuites(version, Acceptance.UNKNOWN, List.of(), null, List.of(), List.of());
    }

    /** {@code n} distinct TLS 1.2 suite names, for limits: every ECDHE, DHE and RSA suite the catalog has. */
    public static List<String> many(int n) {
        List<String> out = new ArrayList<>();
        for (var s : dev.mailtls.internal.tls.SuiteCatalog.all().values()) {
            if (out.size() == n) {
                break;
            }
            if (s.family() != dev.mailtls.internal.tls.SuiteCatalog.Family.TLS13) {
                out.add(s.name());
            }
        }
        return out;
    }
}
