package dev.mailtls.testing;

import dev.mailtls.diagnosis.Status;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.TargetSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Group summaries for renderer and notifier tests: two runs a day apart, and an oversized group. */
public final class GroupSummaries {
    public static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    public static final Instant T1 = T0.plus(Duration.ofDays(1));
    /** When the summaries are rendered: an hour after the second run. */
    public static final Instant NOW = T1.plus(Duration.ofHours(1));

    public static final String MX = "mx1.example.com 25 starttls";
    public static final String IMAP = "imap.example.com 993 tls imap";
    public static final String SUBMISSION = "smtp.example.com 587 starttls smtp";
    public static final String POP = "pop.example.com 995 tls pop3";

    private GroupSummaries() {}

    public static TargetSnapshot healthy(String target, String hostPort, Instant at, String sha256, Instant notAfter) {
        return snapshot(
                target, hostPort, at, Status.OK, null, sha256, notAfter, "CN=" + hostPort.split(":")[0], Set.of());
    }

    public static TargetSnapshot snapshot(
            String target,
            String hostPort,
            Instant at,
            Status status,
            String failureCode,
            String sha256,
            Instant notAfter,
            String subject,
            Set<String> hints) {
        boolean failed = status == Status.FAILURE;
        return new TargetSnapshot(
                target,
                hostPort,
                at,
                status,
                failureCode,
                failed ? null : "TLSv1.3",
                failed ? null : "TLS_AES_256_GCM_SHA384",
                target.contains("starttls") ? Boolean.TRUE : null,
                failed ? null : sha256,
                failed ? null : notAfter,
                failed ? null : subject,
                hints);
    }

    /**
     * Four targets over two runs: the MX regresses (NO_GREETING), the IMAP certificate is renewed,
     * submission gains a CERT_EXPIRING hint, POP stays healthy.
     */
    public static GroupSummary withChanges() {
        Instant oldExpiry = T0.plus(Duration.ofDays(10));
        Instant newExpiry = T0.plus(Duration.ofDays(90));
        GroupRun before = new GroupRun(
                41,
                "mail-edge",
                T0,
                "schedule",
                List.of(
                        healthy(MX, "mx1.example.com:25", T0, "AA:AA:AA:AA:AA", oldExpiry.plus(Duration.ofDays(40))),
                        healthy(IMAP, "imap.example.com:993", T0, "BB:BB:BB:BB:BB", oldExpiry),
                        healthy(SUBMISSION, "smtp.example.com:587", T0, "CC:CC:CC:CC:CC", T0.plus(Duration.ofDays(12))),
                        healthy(POP, "pop.example.com:995", T0, "DD:DD:DD:DD:DD", T0.plus(Duration.ofDays(200)))),
                Map.of());
        GroupRun after = new GroupRun(
                42,
                "mail-edge",
                T1,
                "schedule",
                List.of(
                        snapshot(
                                MX,
                                "mx1.example.com:25",
                                T1,
                                Status.FAILURE,
                                "NO_GREETING",
                                null,
                                null,
                                null,
                                Set.of("NO_GREETING")),
                        healthy(IMAP, "imap.example.com:993", T1, "EE:EE:EE:EE:EE", newExpiry),
                        snapshot(
                                SUBMISSION,
                                "smtp.example.com:587",
                                T1,
                                Status.WARNING,
                                null,
                                "CC:CC:CC:CC:CC",
                                T0.plus(Duration.ofDays(12)),
                                "CN=smtp.example.com",
                                Set.of("CERT_EXPIRING")),
                        healthy(POP, "pop.example.com:995", T1, "DD:DD:DD:DD:DD", T0.plus(Duration.ofDays(200)))),
                Map.of());
        return GroupSummary.of(after, before);
    }

    /** {@code n} targets, every tenth failing and newly so, the rest healthy. */
    public static GroupSummary oversized(int n) {
        List<TargetSnapshot> before = new ArrayList<>();
        List<TargetSnapshot> after = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String host = "mx" + i + ".very-long-subdomain-name.example.com";
            String target = host + " 25 starttls smtp";
            Instant expiry = T0.plus(Duration.ofDays(30 + i));
            before.add(healthy(target, host + ":25", T0, "AA:" + i, expiry));
            after.add(
                    i % 10 == 0
                            ? snapshot(
                                    target,
                                    host + ":25",
                                    T1,
                                    Status.FAILURE,
                                    "CONNECT_REFUSED",
                                    null,
                                    null,
                                    null,
                                    Set.of("CONNECT_REFUSED"))
                            : healthy(target, host + ":25", T1, "AA:" + i, expiry));
        }
        return GroupSummary.of(
                new GroupRun(2, "big-fleet", T1, "schedule", after, Map.of()),
                new GroupRun(1, "big-fleet", T0, "schedule", before, Map.of()));
    }

    /** One target whose configured text and certificate subject are {@code hostile}. */
    public static GroupSummary hostile(String hostile) {
        String target = hostile;
        GroupRun before = new GroupRun(
                1,
                "mail-edge",
                T0,
                "schedule",
                List.of(snapshot(
                        target,
                        "mx.example.com:25",
                        T0,
                        Status.OK,
                        null,
                        "AA:01",
                        T0.plus(Duration.ofDays(5)),
                        "CN=" + hostile,
                        Set.of())),
                Map.of());
        GroupRun after = new GroupRun(
                2,
                "mail-edge",
                T1,
                "schedule",
                List.of(snapshot(
                        target,
                        "mx.example.com:25",
                        T1,
                        Status.WARNING,
                        null,
                        "AA:02",
                        T0.plus(Duration.ofDays(3)),
                        "CN=" + hostile,
                        Set.of("CERT_EXPIRING"))),
                Map.of());
        return GroupSummary.of(after, before);
    }
}
