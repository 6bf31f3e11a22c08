package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Change detection over a sequence of runs, on an injected timeline. */
class ChangeDetectorTest {
    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    private static final String MX = "mx1.example.com 25 starttls";
    private static final String IMAP = "imap.example.com 993 tls imap";

    private static TargetSnapshot healthy(String target, Instant at) {
        return new TargetSnapshot(
                target,
                "mx1.example.com:25",
                at,
                Status.OK,
                null,
                "TLSv1.3",
                "TLS_AES_256_GCM_SHA384",
                true,
                "AA:BB:CC:DD:EE:FF:00:11",
                T0.plus(Duration.ofDays(20)),
                "CN=mx1.example.com",
                Set.of());
    }

    private static TargetSnapshot with(TargetSnapshot s, Status status, String failure, Set<String> hints) {
        return new TargetSnapshot(
                s.target(),
                s.hostPort(),
                s.probedAt(),
                status,
                failure,
                s.tlsVersion(),
                s.cipherSuite(),
                s.starttlsOffered(),
                s.certSha256(),
                s.certNotAfter(),
                s.certSubject(),
                hints);
    }

    private static GroupRun run(Instant at, TargetSnapshot... snapshots) {
        return new GroupRun(0, "mail-edge", at, "schedule", List.of(snapshots), Map.of());
    }

    @Test
    void aFirstRunHasNothingToCompare() {
        assertThat(ChangeDetector.compare(null, run(T0, healthy(MX, T0)))).isEmpty();
    }

    @Test
    void anUnchangedTargetHasNoChanges() {
        Instant t1 = T0.plus(Duration.ofDays(1));
        assertThat(ChangeDetector.compare(run(T0, healthy(MX, T0)), run(t1, healthy(MX, t1))))
                .isEmpty();
    }

    @Test
    void aRegressionThenARecoveryAreReportedOnce() {
        Instant t1 = T0.plus(Duration.ofDays(1));
        Instant t2 = T0.plus(Duration.ofDays(2));
        GroupRun ok = run(T0, healthy(MX, T0));
        GroupRun broken = run(t1, with(healthy(MX, t1), Status.FAILURE, "NO_GREETING", Set.of("NO_GREETING")));
        GroupRun fixed = run(t2, healthy(MX, t2));

        List<Change> regression = ChangeDetector.compare(ok, broken);
        assertThat(regression).extracting(Change::kind).containsExactly(Change.Kind.NEW_FAILURE);
        assertThat(regression.get(0).detail()).contains("NO_GREETING");

        assertThat(ChangeDetector.compare(broken, fixed))
                .extracting(Change::kind)
                .containsExactly(Change.Kind.RECOVERED);
    }

    @Test
    void aRenewedCertificateIsToldFromAReplacedOne() {
        Instant t1 = T0.plus(Duration.ofDays(1));
        TargetSnapshot before = healthy(MX, T0);
        TargetSnapshot renewed = new TargetSnapshot(
                MX,
                "mx1.example.com:25",
                t1,
                Status.OK,
                null,
                "TLSv1.3",
                "TLS_AES_256_GCM_SHA384",
                true,
                "11:22:33:44:55:66:77:88",
                T0.plus(Duration.ofDays(110)),
                "CN=mx1.example.com",
                Set.of());
        TargetSnapshot replaced = new TargetSnapshot(
                MX,
                "mx1.example.com:25",
                t1,
                Status.OK,
                null,
                "TLSv1.3",
                "TLS_AES_256_GCM_SHA384",
                true,
                "99:88:77:66:55:44:33:22",
                T0.plus(Duration.ofDays(110)),
                "CN=other.example.com",
                Set.of());

        List<Change> r = ChangeDetector.compare(run(T0, before), run(t1, renewed));
        assertThat(r).extracting(Change::kind).containsExactly(Change.Kind.CERT_RENEWED);
        assertThat(r.get(0).detail()).contains("AABBCCDD → 11223344").contains("2027-02-20");

        assertThat(ChangeDetector.compare(run(T0, before), run(t1, replaced)))
                .extracting(Change::kind)
                .containsExactly(Change.Kind.CERT_REPLACED);
    }

    @Test
    void versionCipherStarttlsAndNewHintsAreEachReported() {
        Instant t1 = T0.plus(Duration.ofDays(1));
        TargetSnapshot now = new TargetSnapshot(
                MX,
                "mx1.example.com:25",
                t1,
                Status.WARNING,
                null,
                "TLSv1.2",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                false,
                "AA:BB:CC:DD:EE:FF:00:11",
                T0.plus(Duration.ofDays(20)),
                "CN=mx1.example.com",
                Set.of("CERT_EXPIRING", "STARTTLS_NOT_OFFERED"));

        List<Change> changes = ChangeDetector.compare(run(T0, healthy(MX, T0)), run(t1, now));

        assertThat(changes)
                .extracting(Change::kind)
                .containsExactly(
                        Change.Kind.STARTTLS_DISAPPEARED,
                        Change.Kind.NEW_HINT,
                        Change.Kind.NEW_HINT,
                        Change.Kind.TLS_VERSION_CHANGED,
                        Change.Kind.CIPHER_CHANGED);
        assertThat(changes).extracting(Change::detail).contains("new CERT_EXPIRING", "TLSv1.3 → TLSv1.2");
    }

    @Test
    void aTargetAddedToTheGroupIsNew() {
        Instant t1 = T0.plus(Duration.ofDays(1));
        List<Change> changes =
                ChangeDetector.compare(run(T0, healthy(MX, T0)), run(t1, healthy(MX, t1), healthy(IMAP, t1)));
        assertThat(changes).containsExactly(new Change(IMAP, Change.Kind.NEW_TARGET, "first probe of this target"));
    }

    @Test
    void certificateDaysAreCountedFromTheGivenInstant() {
        TargetSnapshot s = healthy(MX, T0);
        assertThat(s.certDaysLeft(T0)).isEqualTo(20);
        assertThat(s.certDaysLeft(T0.plus(Duration.ofDays(21)))).isEqualTo(-1);
    }
}
