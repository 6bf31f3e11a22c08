package dev.mailtls.slack;

import static dev.mailtls.slack.BlockJson.assertWithinLimits;
import static dev.mailtls.testing.Enumerations.yes;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.Enumerations;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.TlsEnumeration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A deep probe's table in Block Kit: a section per version, suites in a code block, within limits. */
class SlackSuiteTableTest {
    private final SlackCardRenderer renderer = new SlackCardRenderer();

    static Report report(int port, TlsEnumeration found) {
        ProbeResult r = ProbeResults.builder("mx.example.com", port, Protocol.SMTP, Transport.STARTTLS)
                .greeting("220 mx.example.com ESMTP Postfix (Debian/GNU)")
                .tls("TLSv1.3", "TLS_AES_256_GCM_SHA384")
                .build();
        return Report.of(ProbeResults.withEnumeration(r, found), new Diagnoser());
    }

    @Test
    void postfixDefaultShowsEveryVersionWithItsSuitesWithinLimits() {
        List<LayoutBlock> blocks = renderer.render(report(25, Enumerations.postfixPort25()), null, "k");
        assertWithinLimits(blocks);
        List<String> texts = BlockJson.texts(blocks);
        String head = texts.stream()
                .filter(t -> t.startsWith("*TLS suites*"))
                .findFirst()
                .orElseThrow();
        assertThat(head).contains("TLSv1.3, TLSv1.2 accepted").contains("\nrefused: SSLv3, TLSv1, TLSv1.1");
        String tls12 = texts.stream()
                .filter(t -> t.startsWith("*TLSv1.2*"))
                .findFirst()
                .orElseThrow();
        assertThat(tls12)
                .startsWith("*TLSv1.2* 54 suites · client's order · x25519, secp256r1, x448 · DH 2048\n```\n")
                .contains("ECDHE_RSA  AES_256_GCM_SHA384 · CHACHA20_POLY1305_SHA256")
                .contains("\nRSA        AES_256_GCM_SHA384")
                .doesNotContain("more lines")
                .endsWith("```");
        assertThat(texts).anyMatch(t -> t.startsWith("*TLSv1.3* 3 suites"));
        // Details come after the hints and the certificate.
        assertThat(texts.indexOf(head))
                .isGreaterThan(texts.indexOf(texts.stream()
                        .filter(t -> t.startsWith("*Certificate*"))
                        .findFirst()
                        .orElseThrow()));
    }

    @Test
    void aHugeEnumerationIsCutByLinesWithinEverySectionsLimit() {
        TlsEnumeration huge = Enumerations.of(
                yes("TLSv1", true, Enumerations.many(120).toArray(String[]::new)),
                yes("TLSv1.1", true, Enumerations.many(120).toArray(String[]::new)),
                yes("TLSv1.2", true, Enumerations.many(400).toArray(String[]::new)),
                yes("TLSv1.3", true, Enumerations.TLS13.toArray(String[]::new)));
        List<LayoutBlock> blocks = renderer.render(report(587, huge), null, "k");
        assertWithinLimits(blocks);
        String tls12 = BlockJson.texts(blocks).stream()
                .filter(t -> t.startsWith("*TLSv1.2*"))
                .findFirst()
                .orElseThrow();
        assertThat(tls12.length()).isLessThanOrEqualTo(3000);
        assertThat(tls12).containsPattern("… \\(\\d+ more (lines|characters)\\)");
    }

    @Test
    void suiteNamesAreEscapedInsideTheCodeBlock() {
        TlsEnumeration odd = Enumerations.of(yes("TLSv1.2", true, "0x`<!channel> & *bold*"));
        String tls12 = BlockJson.texts(renderer.render(report(25, odd), null, null)).stream()
                .filter(t -> t.startsWith("*TLSv1.2*"))
                .findFirst()
                .orElseThrow();
        assertThat(tls12).doesNotContain("<!channel>").contains("&lt;!channel&gt; &amp;");
        assertThat(tls12.chars().filter(c -> c == '`').count()).isEqualTo(6);
    }
}
