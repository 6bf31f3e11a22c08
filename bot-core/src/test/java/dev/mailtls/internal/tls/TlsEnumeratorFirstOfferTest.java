package dev.mailtls.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.internal.tls.SuiteCatalog.Family;
import dev.mailtls.internal.tls.SuiteCatalog.Suite;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsEnumeratorFirstOfferTest {

    @Test
    void firstOfferIsChosenOncePerVersionNotPerCheck() {
        // Every probe's TLS 1.0/1.1 check asks: the same list each time, not a new walk of the catalog.
        assertThat(TlsEnumerator.firstOffer(TlsVersion.TLS10)).isSameAs(TlsEnumerator.firstOffer(TlsVersion.TLS10));
        assertThat(TlsEnumerator.firstOffer(TlsVersion.TLS11)).isSameAs(TlsEnumerator.firstOffer(TlsVersion.TLS11));
    }

    @Test
    void olderVersionsOfferNoTls12OnlySuiteAndTls12OffersThem() {
        List<Suite> tls10 = TlsEnumerator.firstOffer(TlsVersion.TLS10);
        List<Suite> tls12 = TlsEnumerator.firstOffer(TlsVersion.TLS12);

        assertThat(tls10).isNotEmpty().noneMatch(Suite::tls12Only);
        assertThat(tls10)
                .extracting(Suite::name)
                .contains("TLS_RSA_WITH_AES_128_CBC_SHA")
                .doesNotContain("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(tls12)
                .extracting(Suite::name)
                .contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA");
        assertThat(tls12).noneMatch(s -> s.name().contains("_DHE_"));
    }

    @Test
    void tls13OffersItsOwnSuites() {
        assertThat(TlsEnumerator.firstOffer(TlsVersion.TLS13))
                .containsExactlyElementsOf(SuiteCatalog.offerable(Family.TLS13, TlsVersion.TLS13));
    }
}
