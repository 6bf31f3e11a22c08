package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;

class TrustAnchorsTest {

    static final String KSK_2017_DS =
            ". 0 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";
    static final String KSK_2024_DS =
            ". 0 IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16";

    @TempDir
    Path dir;

    @Test
    void theShippedRootAnchorsAreKsk2017AndKsk2024() {
        TrustAnchors root = TrustAnchors.ianaRoot();

        assertThat(root.records().stream().map(record -> String.join(" ", record.split("\\s+"))))
                .containsExactly(KSK_2017_DS, KSK_2024_DS);
        assertThat(root.source()).isEqualTo("the IANA root anchors");
    }

    /**
     * The shipped digests against the root's DNSKEYs from Debian's dns-root-data (a dependency of
     * bind9, which CI installs): dnsjava computes each DS from the key.
     */
    @Test
    void theShippedRootDigestsMatchTheRootKeysDebianShips() throws IOException {
        Path rootKeys = Path.of("/usr/share/dns/root.key");
        Assumptions.assumeTrue(Files.isReadable(rootKeys), "dns-root-data is not installed");
        List<String> computed = new ArrayList<>();
        try (Master master = new Master(Files.newInputStream(rootKeys), Name.root, 0)) {
            org.xbill.DNS.Record record;
            while ((record = master.nextRecord()) != null) {
                if (record instanceof DNSKEYRecord key && (key.getFlags() & 1) == 1) {
                    computed.add(new DSRecord(Name.root, DClass.IN, 0, DNSSEC.Digest.SHA256, key).toString());
                }
            }
        }

        assertThat(computed)
                .containsExactlyInAnyOrderElementsOf(TrustAnchors.ianaRoot().records());
    }

    @Test
    void readsDsAndDnskeyRecordsFromAFile() throws IOException {
        Path file = dir.resolve("anchors");
        Files.writeString(file, """
                ; a test zone's anchors
                example.test. IN DS 47191 13 2 25FCE3D990126D34401038ABF87418F869DEF9AF0305828D5032998D 4DC786EE
                example.test. 3600 IN DNSKEY 257 3 13 (
                    kXz8yJ0GmW3Ldw1sY+9qwlzBUJzPl6OkYrWUGUNzc4kQhSzTSVe5t6ab
                    bs6gv8W7gSEQ0FsaHn3WhBEmLyCV9A== )
                """);

        TrustAnchors anchors = TrustAnchors.fromFile(file);

        assertThat(anchors.source()).isEqualTo(file.toString());
        assertThat(anchors.records()).hasSize(2);
        assertThat(anchors.records().get(0)).contains("DS").contains("47191 13 2 25FCE3D9");
        assertThat(anchors.records().get(1)).contains("DNSKEY").contains("257 3 13");
        assertThat(anchors.zones()).extracting(n -> n.toString()).containsExactly("example.test.");
    }

    @Test
    void theZonesAreTheOwnersOnceEachInTheFilesOrder() {
        TrustAnchors anchors = TrustAnchors.parse("two zones", """
                b.test. IN DS 1 13 2 25FCE3D990126D34401038ABF87418F869DEF9AF0305828D5032998D4DC786EE
                a.test. IN DS 2 13 2 25FCE3D990126D34401038ABF87418F869DEF9AF0305828D5032998D4DC786EE
                b.test. IN DS 3 13 2 25FCE3D990126D34401038ABF87418F869DEF9AF0305828D5032998D4DC786EE
                """);

        assertThat(anchors.zones()).extracting(n -> n.toString()).containsExactly("b.test.", "a.test.");
    }

    @Test
    void anotherRecordTypeIsRefusedWithFileAndLine() throws IOException {
        Path file = dir.resolve("anchors");
        Files.writeString(file, """
                example.test. IN DS 47191 13 2 25FCE3D990126D34401038ABF87418F869DEF9AF0305828D5032998D4DC786EE

                www.example.test. IN A 192.0.2.1
                """);

        assertThatThrownBy(() -> TrustAnchors.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":3: a A record; a trust anchor is DS or DNSKEY");
    }

    @Test
    void textThatDoesNotParseIsRefusedWithFileAndLine() throws IOException {
        Path file = dir.resolve("anchors");
        Files.writeString(file, """
                ; fine so far
                example.test. IN DS 47191 13 2 25FCE3D990126D34401038ABF87418F869DEF9AF0305828D5032998D4DC786EE
                example.test. IN DS not-a-key-tag 13 2 AB
                """);

        assertThatThrownBy(() -> TrustAnchors.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad DNSSEC trust anchor file " + file + ":3: ")
                .hasMessageContaining("expected DS or DNSKEY records in zone-file format");
    }

    @Test
    void aFileWithoutAnchorsIsRefused() throws IOException {
        Path file = dir.resolve("anchors");
        Files.writeString(file, "; nothing here\n\n");

        assertThatThrownBy(() -> TrustAnchors.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no DS or DNSKEY record in the DNSSEC trust anchor file " + file + " (zone-file format)");
    }

    @Test
    void aMissingFileIsRefusedNamingIt() {
        Path file = dir.resolve("nowhere.keys");

        assertThatThrownBy(() -> TrustAnchors.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read the DNSSEC trust anchor file " + file + ": ");
    }

    @Test
    void includesAreNotFollowed() throws IOException {
        Path other = dir.resolve("other");
        Files.writeString(
                other,
                "example.test. IN DS 47191 13 2 25FCE3D990126D34401038ABF87418F869DEF9AF0305828D5032998D4DC786EE\n");
        Path file = dir.resolve("anchors");
        Files.writeString(file, "$INCLUDE " + other + "\n");

        assertThatThrownBy(() -> TrustAnchors.fromFile(file)).isInstanceOf(IllegalArgumentException.class);
    }
}
