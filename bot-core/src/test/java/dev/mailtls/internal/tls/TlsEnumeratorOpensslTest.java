package dev.mailtls.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mailtls.internal.io.Deadline;
import dev.mailtls.testing.OpensslServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.TlsEnumeration;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The enumeration against {@code openssl s_server} limited to suites the test chooses. */
@Timeout(120)
class TlsEnumeratorOpensslTest {
    private static final TestPki PKI = TestPki.create();

    @TempDir
    Path dir;

    private static TlsEnumeration enumerate(OpensslServer server) {
        return TlsEnumerator.enumerate(
                () -> {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
                    return s;
                },
                "tls.test",
                Deadline.after(Duration.ofSeconds(60)),
                TlsEnumerator.Options.DEFAULT);
    }

    @Test
    void chosenSuitesInTls12AndTls13AreExactlyWhatIsFound() {
        assumeTrue(OpensslServer.available());
        try (OpensslServer server = OpensslServer.start(
                PKI,
                PKI.rsa("tls.test"),
                dir,
                "-cipher",
                "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA:DHE-RSA-AES128-SHA",
                "-ciphersuites",
                "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256")) {
            TlsEnumeration e = enumerate(server);
            Map<String, List<String>> accepted = e.accepted();
            assertThat(accepted.keySet()).as(e + "\n" + server.log()).containsExactly("TLSv1.2", "TLSv1.3");
            assertThat(accepted.get("TLSv1.2"))
                    .containsExactlyInAnyOrder(
                            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                            "TLS_RSA_WITH_AES_256_CBC_SHA",
                            "TLS_DHE_RSA_WITH_AES_128_CBC_SHA");
            assertThat(accepted.get("TLSv1.3"))
                    .containsExactlyInAnyOrder("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
            assertThat(e.unknown()).as(e.toString()).isEmpty();
            TlsEnumeration.VersionSuites tls12 = e.versions().get(3);
            assertThat(tls12.serverPreference()).isFalse();
            assertThat(tls12.groups()).contains("x25519");
            assertThat(tls12.dhBits()).containsExactly(2048);
            assertThat(e.versions())
                    .extracting(TlsEnumeration.VersionSuites::accepted)
                    .containsExactly(
                            TlsEnumeration.Acceptance.NO,
                            TlsEnumeration.Acceptance.NO,
                            TlsEnumeration.Acceptance.NO,
                            TlsEnumeration.Acceptance.YES,
                            TlsEnumeration.Acceptance.YES);
        }
    }

    @Test
    void aServerThatPicksByItsOwnOrderIsSaidSoWithThatOrder() {
        assumeTrue(OpensslServer.available());
        try (OpensslServer server = OpensslServer.start(
                PKI,
                PKI.rsa("tls.test"),
                dir,
                "-serverpref",
                "-no_tls1_3",
                "-cipher",
                "AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA")) {
            TlsEnumeration e = enumerate(server);
            assertThat(e.accepted())
                    .as(e.toString())
                    .containsExactly(java.util.Map.entry(
                            "TLSv1.2",
                            List.of(
                                    "TLS_RSA_WITH_AES_256_CBC_SHA",
                                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                                    "TLS_RSA_WITH_AES_128_CBC_SHA")));
            assertThat(e.serverPreference()).isTrue();
        }
    }

    @Test
    void aTls10OnlyServerWithNullAndAnonymousSuitesMatchesNmap() {
        assumeTrue(OpensslServer.available());
        try (OpensslServer server = OpensslServer.start(
                PKI, PKI.rsa("tls.test"), dir, "-tls1", "-cipher", "NULL-SHA:ADH-AES128-SHA:AES128-SHA:@SECLEVEL=0")) {
            TlsEnumeration e = enumerate(server);
            assertThat(e.accepted().keySet()).as(e.toString()).containsExactly("TLSv1");
            assertThat(e.accepted().get("TLSv1"))
                    .containsExactlyInAnyOrder(
                            "TLS_RSA_WITH_NULL_SHA",
                            "TLS_DH_anon_WITH_AES_128_CBC_SHA",
                            "TLS_RSA_WITH_AES_128_CBC_SHA");
            dev.mailtls.testing.TlsPeers.assumeNmap();
            assertThat(dev.mailtls.testing.TlsPeers.nmap("127.0.0.1", server.port(), "imaps"))
                    .isEqualTo(java.util.Map.of(
                            "TLSv1", new java.util.TreeSet<>(e.accepted().get("TLSv1"))));
        }
    }
}
