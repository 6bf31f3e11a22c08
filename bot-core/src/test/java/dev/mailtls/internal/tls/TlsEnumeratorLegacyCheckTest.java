package dev.mailtls.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.internal.io.Deadline;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.LegacyTlsServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.LegacyTlsResult;
import dev.mailtls.tls.TlsEnumeration;
import dev.mailtls.tls.TlsEnumeration.Acceptance;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TLS 1.0/1.1 check asks TLS 1.1 first, with suites TLS 1.0 has: one connection settles both
 * versions when the answer is a protocol_version alert or none at all; otherwise the versions are
 * asked alone, and what is found is what asking each version alone finds.
 */
@Timeout(60)
class TlsEnumeratorLegacyCheckTest {
    private static final TestPki PKI = TestPki.create();
    private static final Duration PER_OFFER = Duration.ofSeconds(3);

    private final AtomicInteger opened = new AtomicInteger();

    private TlsEnumerator.Opener opener(int port) {
        return () -> {
            opened.incrementAndGet();
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return s;
        };
    }

    private TlsEnumeration legacyCheck(int port) {
        return TlsEnumerator.legacyCheck(
                opener(port), "legacy.test", Deadline.after(Duration.ofSeconds(10)), PER_OFFER);
    }

    /** What asking TLS 1.0 and 1.1 each alone, at once, finds (the check before it asked 1.1 first). */
    private TlsEnumeration eachAlone(int port) {
        return TlsEnumerator.enumerate(
                opener(port),
                "legacy.test",
                Deadline.after(Duration.ofSeconds(10)),
                TlsEnumerator.Options.legacyCheck(PER_OFFER));
    }

    private static Map<String, Acceptance> acceptance(TlsEnumeration e) {
        Map<String, Acceptance> out = new LinkedHashMap<>();
        e.versions().forEach(v -> out.put(v.version(), v.accepted()));
        return out;
    }

    @Test
    void aProtocolVersionAlertRefusesBothVersionsOnOneConnection() {
        byte[] alert = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46};
        try (FaultServer s = FaultServer.sends("protocol-version", alert)) {
            TlsEnumeration e = legacyCheck(s.port());
            assertThat(acceptance(e))
                    .containsExactly(Map.entry("TLSv1", Acceptance.NO), Map.entry("TLSv1.1", Acceptance.NO));
            assertThat(e.connections()).isEqualTo(1);
            assertThat(opened).hasValue(1);
            assertThat(LegacyTlsResult.of(e).outcome()).isEqualTo(LegacyTlsResult.Outcome.REFUSED);
            // The same answer as asking each version alone, on two connections.
            opened.set(0);
            assertThat(acceptance(eachAlone(s.port()))).isEqualTo(acceptance(e));
            assertThat(opened).hasValue(2);
        }
    }

    @Test
    void aCloseWithoutAnAlertLeavesBothUnknownOnOneConnection() {
        try (FaultServer s = FaultServer.closeAfterFirstBytes()) {
            TlsEnumeration e = legacyCheck(s.port());
            assertThat(acceptance(e))
                    .containsExactly(Map.entry("TLSv1", Acceptance.UNKNOWN), Map.entry("TLSv1.1", Acceptance.UNKNOWN));
            assertThat(opened).hasValue(1);
            assertThat(e.unknown()).containsExactly("TLSv1: " + HelloOffer.CLOSED, "TLSv1.1: " + HelloOffer.CLOSED);
            LegacyTlsResult r = LegacyTlsResult.of(e);
            assertThat(r.outcome()).isEqualTo(LegacyTlsResult.Outcome.UNKNOWN);
            // The detail the card and transcript show is the one asking each version alone gave.
            assertThat(r.detail())
                    .isEqualTo(LegacyTlsResult.of(eachAlone(s.port())).detail());
        }
    }

    @Test
    void aServerAcceptingTls11IsThenAskedTls10AloneAndBothAreNamed() throws Exception {
        try (LegacyTlsServer s = new LegacyTlsServer(PKI.leaf("legacy.test"))) {
            TlsEnumeration e = legacyCheck(s.port());
            assertThat(acceptance(e))
                    .containsExactly(Map.entry("TLSv1", Acceptance.YES), Map.entry("TLSv1.1", Acceptance.YES));
            assertThat(opened).hasValue(2);
            LegacyTlsResult r = LegacyTlsResult.of(e);
            assertThat(r.acceptedVersions()).containsExactly("TLSv1", "TLSv1.1");
            assertThat(r).isEqualTo(LegacyTlsResult.of(eachAlone(s.port())));
        }
    }

    @Test
    void aServerSpeakingOnlyTls10AnswersTheTls11OfferInTls10AndEachVersionIsAskedAlone() throws Exception {
        try (LegacyTlsServer s = LegacyTlsServer.upTo(PKI.leaf("legacy.test"), ProtocolVersion.TLSv10)) {
            TlsEnumeration e = legacyCheck(s.port());
            assertThat(acceptance(e))
                    .containsExactly(Map.entry("TLSv1", Acceptance.YES), Map.entry("TLSv1.1", Acceptance.NO));
            // The first offer, then TLS 1.0 and 1.1 alone.
            assertThat(opened).hasValue(3);
            assertThat(LegacyTlsResult.of(e)).isEqualTo(LegacyTlsResult.of(eachAlone(s.port())));
        }
    }
}
