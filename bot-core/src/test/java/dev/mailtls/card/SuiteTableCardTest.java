package dev.mailtls.card;

import static dev.mailtls.testing.Enumerations.no;
import static dev.mailtls.testing.Enumerations.yes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.Enumerations;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.TlsEnumeration;
import org.junit.jupiter.api.Test;

/** The deep probe's table on the card, as text and Markdown. */
class SuiteTableCardTest {

    static ProbeResult port25(TlsEnumeration found) {
        ProbeResult r = ProbeResults.builder("mx.example.com", 25, Protocol.SMTP, Transport.STARTTLS)
                .greeting("220 mx.example.com ESMTP Postfix (Debian/GNU)")
                .tls("TLSv1.3", "TLS_AES_256_GCM_SHA384")
                .build();
        return ProbeResults.withEnumeration(r, found);
    }

    static Card card(ProbeResult r) {
        return Card.of(Report.of(r, new Diagnoser()));
    }

    @Test
    void noTableWithoutADeepProbe() {
        Card c = card(ProbeResults.healthySubmission().build());
        assertThat(c.suites()).isNull();
        assertThat(new TextRenderer().render(c)).doesNotContain("TLS suites");
        assertThat(new MarkdownRenderer().render(c)).doesNotContain("TLS suites");
    }

    @Test
    void tableHasARowPerAcceptedVersionNewestFirstWithGroupsByKeyExchange() {
        Card.SuiteTable t = card(port25(Enumerations.postfixPort25())).suites();
        assertThat(t).isNotNull();
        assertThat(t.heading()).isEqualTo("TLSv1.3, TLSv1.2 accepted · 24 connections in 850 ms");
        assertThat(t.versions()).extracting(Card.VersionRow::version).containsExactly("TLSv1.3", "TLSv1.2");
        Card.VersionRow tls12 = t.versions().get(1);
        assertThat(tls12.summary()).isEqualTo("54 suites · client's order · x25519, secp256r1, x448 · DH 2048");
        assertThat(tls12.groups())
                .extracting(Card.SuiteGroup::keyExchange)
                .containsExactly("ECDHE_RSA", "DHE_RSA", "ECDH_anon", "DH_anon", "RSA");
        assertThat(tls12.groups().get(0).ciphers()).startsWith("AES_256_GCM_SHA384", "CHACHA20_POLY1305_SHA256");
        assertThat(tls12.groups().stream().mapToInt(g -> g.ciphers().size()).sum())
                .isEqualTo(54);
        assertThat(t.versions().get(0).groups()).singleElement().satisfies(g -> {
            assertThat(g.keyExchange()).isEmpty();
            assertThat(g.ciphers())
                    .containsExactly("AES_256_GCM_SHA384", "CHACHA20_POLY1305_SHA256", "AES_128_GCM_SHA256");
        });
        assertThat(t.refusedLine()).isEqualTo("refused: SSLv3, TLSv1, TLSv1.1");
        assertThat(t.unknown()).isEmpty();
    }

    @Test
    void unknownVersionsAndNotesAreNamedNeverRefused() {
        TlsEnumeration e = Enumerations.withUnknown(
                Enumerations.of(
                        Enumerations.unknown("TLSv1"),
                        no("TLSv1.1"),
                        yes("TLSv1.2", null, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")),
                "TLSv1.2 DHE suites: closed without an alert, 3 tries");
        Card.SuiteTable t = card(port25(e)).suites();
        assertThat(t.refused()).containsExactly("TLSv1.1");
        assertThat(t.unknown())
                .containsExactly(
                        "TLSv1: no offer got an answer", "TLSv1.2 DHE suites: closed without an alert, 3 tries");
        assertThat(t.versions().get(0).summary()).isEqualTo("1 suite · x25519");
        String text = new TextRenderer().render(card(port25(e)));
        assertThat(text).contains("  unknown   TLSv1: no offer got an answer").contains("  refused   TLSv1.1");
    }

    @Test
    void textShowsTheTableWrappedUnderItsHeading() {
        String text = new TextRenderer().render(card(port25(Enumerations.postfixPort25())));
        assertThat(text)
                .contains("TLS suites  TLSv1.3, TLSv1.2 accepted · 24 connections in 850 ms\n"
                        + "  TLSv1.3   3 suites · client's order · x25519\n"
                        + "              AES_256_GCM_SHA384 · CHACHA20_POLY1305_SHA256 · AES_128_GCM_SHA256\n"
                        + "  TLSv1.2   54 suites · client's order · x25519, secp256r1, x448 · DH 2048\n"
                        + "              ECDHE_RSA  AES_256_GCM_SHA384 · CHACHA20_POLY1305_SHA256 ·\n")
                .contains("\n              RSA        AES_256_GCM_SHA384 ·")
                .contains("  refused   SSLv3, TLSv1, TLSv1.1\n");
        // Every line within the card's width; every suite shown.
        text.lines().forEach(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        assertThat(text.indexOf("TLS suites")).isLessThan(text.indexOf("\nHints"));
        assertThat(text.indexOf("Certificate")).isLessThan(text.indexOf("TLS suites"));
    }

    @Test
    void markdownPutsEachVersionsSuitesInAFencedBlock() {
        String md = new MarkdownRenderer().render(card(port25(Enumerations.postfixPort25())));
        assertThat(md)
                .contains("**TLS suites** TLSv1.3, TLSv1.2 accepted · 24 connections in 850 ms\n"
                        + "- **TLSv1.3** 3 suites · client's order · x25519\n"
                        + "  ```\n"
                        + "  AES_256_GCM_SHA384 · CHACHA20_POLY1305_SHA256 · AES_128_GCM_SHA256\n"
                        + "  ```\n"
                        + "- **TLSv1.2** 54 suites · client's order · x25519, secp256r1, x448 · DH 2048\n"
                        + "  ```\n"
                        + "  ECDHE_RSA  AES_256_GCM_SHA384 · CHACHA20_POLY1305_SHA256")
                .contains("- **refused** SSLv3, TLSv1, TLSv1.1");
    }

    @Test
    void unnamedSuitesKeepTheirNumberInAGroupOfTheirOwn() {
        TlsEnumeration e = Enumerations.of(yes("TLSv1.2", true, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "0xFF85"));
        Card.VersionRow row = card(port25(e)).suites().versions().get(0);
        assertThat(row.lines()).containsExactly("ECDHE_RSA  AES_128_GCM_SHA256", "unnamed    0xFF85");
    }

    @Test
    void cachedCardKeepsItsTable() {
        Card c = card(port25(Enumerations.modern())).withCachedAge(java.time.Duration.ofSeconds(5));
        assertThat(c.suites()).isNotNull();
    }
}
