package dev.mailtls.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.internal.tls.SuiteCatalog.Suite;
import dev.mailtls.internal.tls.SuiteCatalog.Weakness;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classification a grade reads: weaknesses, anonymity, forward secrecy, CBC. */
class SuiteCatalogTest {

    private static Suite suite(String name) {
        return Objects.requireNonNull(SuiteCatalog.byName(name), name);
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_RSA_WITH_NULL_SHA, NULL",
        "TLS_ECDHE_RSA_WITH_NULL_SHA, NULL",
        "TLS_ECDH_anon_WITH_NULL_SHA, NULL",
        "TLS_RSA_EXPORT_WITH_RC4_40_MD5, EXPORT",
        "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA, EXPORT",
        "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA, EXPORT",
        "TLS_RSA_WITH_DES_CBC_SHA, DES",
        "TLS_DHE_RSA_WITH_DES_CBC_SHA, DES",
        "TLS_RSA_WITH_RC4_128_SHA, RC4",
        "TLS_ECDHE_RSA_WITH_RC4_128_SHA, RC4",
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA, TRIPLE_DES",
        "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA, TRIPLE_DES",
    })
    void weakCiphersAreNamedByTheirWorstWeakness(String name, Weakness weakness) {
        assertThat(suite(name).weakness()).isEqualTo(weakness);
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_RSA_WITH_AES_128_CBC_SHA",
        "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA",
        "TLS_AES_128_GCM_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256",
    })
    void strongCiphersHaveNoWeakness(String name) {
        assertThat(suite(name).weakness()).isNull();
    }

    @Test
    void onlyNullAndExportBreakEncryption() {
        assertThat(Weakness.NULL.brokenEncryption()).isTrue();
        assertThat(Weakness.EXPORT.brokenEncryption()).isTrue();
        assertThat(Weakness.DES.brokenEncryption()).isFalse();
        assertThat(Weakness.RC4.brokenEncryption()).isFalse();
        assertThat(Weakness.TRIPLE_DES.brokenEncryption()).isFalse();
        assertThat(Weakness.TRIPLE_DES.label()).isEqualTo("3DES");
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, true, false",
        "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256, true, false",
        "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA, true, false",
        "TLS_DH_anon_WITH_AES_256_GCM_SHA384, true, true",
        "TLS_ECDH_anon_WITH_AES_128_CBC_SHA, true, true",
        "TLS_AES_256_GCM_SHA384, true, false",
        "TLS_RSA_WITH_AES_256_GCM_SHA384, false, false",
        "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA, false, false",
        "TLS_DH_RSA_WITH_AES_128_CBC_SHA, false, false",
        "TLS_PSK_WITH_AES_128_CBC_SHA, false, false",
        "TLS_RSA_PSK_WITH_AES_128_CBC_SHA, false, false",
    })
    void forwardSecrecyAndAnonymityFollowTheKeyExchange(String name, boolean forwardSecret, boolean anonymous) {
        assertThat(suite(name).forwardSecret()).isEqualTo(forwardSecret);
        assertThat(suite(name).isAnonymous()).isEqualTo(anonymous);
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, true",
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA, true",
        "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA, true",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false",
        "TLS_RSA_WITH_RC4_128_SHA, false",
        "TLS_AES_128_GCM_SHA256, false",
    })
    void cbcIsTheCipherMode(String name, boolean cbc) {
        assertThat(suite(name).isCbc()).isEqualTo(cbc);
    }

    @Test
    void namesLookUpTheSameSuitesAsCodes() {
        assertThat(SuiteCatalog.byName("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).isEqualTo(SuiteCatalog.of(0xC02F));
        assertThat(SuiteCatalog.byName("TLS_NOT_A_SUITE")).isNull();
        assertThat(SuiteCatalog.byName("0xC02F")).isNull();
        SuiteCatalog.all()
                .values()
                .forEach(s -> assertThat(SuiteCatalog.byName(s.name())).isSameAs(s));
    }
}
