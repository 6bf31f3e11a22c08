package dev.mailtls.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.HostnameVerdict;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostnameMatcherTest {
    private static final TestPki PKI = TestPki.create();

    @Test
    void dnsSanMatchesIgnoringCaseAndTrailingDot() {
        HostnameVerdict v = HostnameMatcher.match(
                "MAIL.Example.COM.",
                PKI.leaf("mail.example.com", "smtp.example.com").leaf());

        assertThat(v).isEqualTo(new HostnameVerdict(true, false, "matches SAN mail.example.com"));
    }

    @Test
    void secondSanMatchesToo() {
        assertThat(HostnameMatcher.match(
                                "smtp.example.com",
                                PKI.leaf("mail.example.com", "smtp.example.com").leaf())
                        .reason())
                .isEqualTo("matches SAN smtp.example.com");
    }

    @Test
    void certificateForAnotherHostIsAMismatchListingItsNames() {
        HostnameVerdict v = HostnameMatcher.match(
                "mail.example.com", PKI.wrongHost("mail.example.com").leaf());

        assertThat(v)
                .isEqualTo(new HostnameVerdict(
                        false, false, "none of the names other.example.net match mail.example.com"));
    }

    @Test
    void mismatchListsEveryDnsName() {
        assertThat(HostnameMatcher.match(
                                "mail.example.com",
                                PKI.leaf("smtp.other.net", "other.net").leaf())
                        .reason())
                .isEqualTo("none of the names smtp.other.net, other.net match mail.example.com");
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "*.example.com, a.example.com, true",
        "*.example.com, MX1.Example.Com., true",
        "*.example.com, example.com, false",
        "*.example.com, a.b.example.com, false",
        "*.example.com, .example.com, false",
        "*.mail.example.com, a.mail.example.com, true",
        "f*.example.com, foo.example.com, false",
        "*oo.example.com, foo.example.com, false",
        "a.*.example.com, a.b.example.com, false",
        "*.*.example.com, a.b.example.com, false",
        "*.com, example.com, false",
        "*, example, false",
    })
    void wildcardIsOnlyAWholeLeftMostLabelOverTwoOrMoreLabels(String pattern, String host, boolean matches) {
        HostnameVerdict v = HostnameMatcher.match(host, PKI.wildcard(pattern).leaf());

        assertThat(v.matches()).as(v.reason()).isEqualTo(matches);
        assertThat(v.viaCommonName()).isFalse();
    }

    @Test
    void wildcardMatchSaysWhichSan() {
        assertThat(HostnameMatcher.match(
                        "a.example.com", PKI.wildcard("*.example.com").leaf()))
                .isEqualTo(new HostnameVerdict(true, false, "matches SAN *.example.com"));
    }

    @Test
    void partialWildcardMismatchExplainsWhyItIsIgnored() {
        assertThat(HostnameMatcher.match(
                                "foo.example.com",
                                PKI.wildcard("f*.example.com").leaf())
                        .reason())
                .startsWith("none of the names f*.example.com match foo.example.com")
                .contains("f*.example.com is a wildcard RFC 6125 does not allow");
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.7, true",
        "192.0.2.8, false",
        "[2001:db8::1], true",
        "2001:DB8:0::1, true",
        "2001:db8::2, false"
    })
    void ipAddressMatchesOnlyIpSansByValue(String host, boolean matches) {
        X509Certificate leaf =
                PKI.leaf("mail.example.com", "192.0.2.7", "2001:db8::1").leaf();

        assertThat(HostnameMatcher.match(host, leaf).matches()).isEqualTo(matches);
    }

    @Test
    void ipMatchSaysWhichSan() {
        assertThat(HostnameMatcher.match(
                        "127.0.0.1", PKI.leaf("localhost", "127.0.0.1").leaf()))
                .isEqualTo(new HostnameVerdict(true, false, "matches IP address SAN 127.0.0.1"));
    }

    @Test
    void ipAddressNeverMatchesADnsNameOrTheCommonName() {
        HostnameVerdict v =
                HostnameMatcher.match("192.0.2.7", PKI.cnOnly("192.0.2.7").leaf());

        assertThat(v.matches()).isFalse();
        assertThat(v.viaCommonName()).isFalse();
        assertThat(v.reason()).contains("no IP address SAN");
    }

    @Test
    void commonNameIsAFallbackOnlyWithoutDnsSansAndTheVerdictSaysSo() {
        HostnameVerdict v = HostnameMatcher.match(
                "mail.example.com", PKI.cnOnly("mail.example.com").leaf());

        assertThat(v.matches()).isTrue();
        assertThat(v.viaCommonName()).isTrue();
        assertThat(v.reason())
                .startsWith("matches the subject CN mail.example.com only")
                .contains("no DNS SAN");
    }

    @Test
    void commonNameThatDoesNotMatchIsAMismatchViaTheCommonName() {
        HostnameVerdict v = HostnameMatcher.match(
                "mail.example.com", PKI.cnOnly("other.example.net").leaf());

        assertThat(v)
                .isEqualTo(
                        new HostnameVerdict(
                                false,
                                true,
                                "the certificate has no DNS SAN and its subject CN other.example.net does not match mail.example.com"));
    }

    @Test
    void commonNameIsIgnoredWhenTheCertificateHasDnsSans() throws Exception {
        X509Certificate leaf = mock(X509Certificate.class);
        when(leaf.getSubjectX500Principal()).thenReturn(new X500Principal("CN=mail.example.com"));
        when(leaf.getSubjectAlternativeNames()).thenReturn(List.of(List.of(2, "other.example.net")));

        HostnameVerdict v = HostnameMatcher.match("mail.example.com", leaf);

        assertThat(v.matches()).isFalse();
        assertThat(v.viaCommonName()).isFalse();
    }

    @Test
    void internationalisedHostMatchesItsALabelSan() {
        assertThat(HostnameMatcher.match(
                                "mail.bücher.example",
                                PKI.leaf("mail.xn--bcher-kva.example").leaf())
                        .matches())
                .isTrue();
    }

    @Test
    void sanWithATrailingDotMatches() {
        assertThat(HostnameMatcher.match(
                                "mail.example.com",
                                PKI.leaf("mail.example.com.").leaf())
                        .matches())
                .isTrue();
    }
}
