package dev.mailtls.bench;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.domain.DnsjavaDomainDns;
import dev.mailtls.domain.DomainCheck;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.domain.MtaStsFetcher;
import dev.mailtls.domain.TlsaRecord;
import dev.mailtls.domain.TlsaSuggestion;
import dev.mailtls.endpoint.Target;
import dev.mailtls.net.Resolver;
import dev.mailtls.net.Ticker;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.testing.BindServer;
import dev.mailtls.testing.DnsZone;
import dev.mailtls.testing.MxPostfix;
import dev.mailtls.testing.PolicyServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.CertificateInspector;
import dev.mailtls.tls.TrustEvaluator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * How long {@code mailtls domain} takes for a domain with 1, 2, 4 and 8 MX hosts, all on loopback
 * with real servers: BIND serving a signed zone (MX, A, TLSA, MTA-STS and TLS-RPT records), one
 * Postfix listening on port 25 of 127.0.14.1-8 (one listener per MX host, each with its own
 * certificate), and an HTTPS policy server on 127.0.14.100:443. The check is wired as {@code
 * mailtls domain} wires it. Prints the median, min and max wall time of warm runs in this JVM, the
 * check's own phase timings, and one cold run of {@code ./mailtls domain} per N (a new JVM).
 * Exit 1 when a check did not come out OK (the figures would be of something else), 2 on bad
 * arguments.
 */
public final class DomainBench {
    private static final String ZONE = "bench.test";
    private static final int[] SIZES = {1, 2, 4, 8};
    private static final String POLICY_ADDRESS = "127.0.14.100";

    private DomainBench() {}

    public static void main(String[] args) throws Exception {
        int runs = 9;
        String cold = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(value);
                    case "--cold-command" -> cold = value.equals("none") ? null : value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("domain: " + e.getMessage() + "\nusage: domain [--runs N] [--cold-command PATH]");
            System.exit(2);
        }
        System.exit(run(runs, cold));
    }

    private static String mx(int i, int n) {
        return "mx" + i + ".n" + n + "." + ZONE;
    }

    private static int run(int runs, String cold) throws Exception {
        TestPki pki = TestPki.create();
        Path dir = Files.createTempDirectory("mailtls-domain-bench-");
        List<MxPostfix.Listener> listeners = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            List<String> names = new ArrayList<>();
            for (int n : SIZES) {
                if (i <= n) {
                    names.add(mx(i, n));
                }
            }
            TestPki.Issued cert = pki.leaf(names.toArray(String[]::new));
            listeners.add(new MxPostfix.Listener("127.0.14." + i, names.getFirst(), cert));
            TlsaRecord tlsa = TlsaSuggestion.records(List.of(CertificateInspector.inspect(cert.leaf(), Instant.now())))
                    .getFirst();
            for (String name : names) {
                String relative = name.substring(0, name.length() - ZONE.length() - 1);
                records.add(relative + " A 127.0.14." + i);
                records.add("_25._tcp." + relative + " TLSA " + tlsa);
            }
        }
        StringBuilder policy = new StringBuilder("version: STSv1\nmode: enforce\n");
        List<String> stsNames = new ArrayList<>();
        for (int n : SIZES) {
            for (int i = 1; i <= n; i++) {
                records.add("n" + n + " MX " + (10 * i) + " mx" + i + ".n" + n);
            }
            records.add("_mta-sts.n" + n + " TXT \"v=STSv1; id=1\"");
            records.add("mta-sts.n" + n + " A " + POLICY_ADDRESS);
            records.add("_smtp._tls.n" + n + " TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@n" + n + "." + ZONE + "\"");
            policy.append("mx: *.n").append(n).append('.').append(ZONE).append('\n');
            stsNames.add("mta-sts.n" + n + "." + ZONE);
        }
        policy.append("max_age: 86400\n");

        System.out.printf(
                "mailtls domain check timing: %d cores, Java %s, load average %.2f%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage());
        try (BindServer bind = BindServer.start(DnsZone.signed(ZONE).with(records.toArray(String[]::new)));
                MxPostfix postfix = MxPostfix.start(pki, listeners);
                PolicyServer sts = PolicyServer.onPort443(
                        POLICY_ADDRESS,
                        pki.serverContext(pki.leaf(stsNames.toArray(String[]::new))),
                        PolicyServer.ok(policy.toString()))) {
            Path anchors = dir.resolve("anchors.db");
            Files.writeString(anchors, bind.trustAnchors());
            Path ca = pki.writeRootPem(dir);
            System.out.println("servers: BIND " + bind.address() + " (signed zone " + ZONE + "), Postfix on "
                    + listeners.size() + " addresses 127.0.14.1-8:25, MTA-STS policy on " + POLICY_ADDRESS + ":443");
            DomainCheck check = check(bind.address(), anchors, ca);
            // Warm-up: class loading, JIT, the TLS stack's first handshakes.
            for (int w = 0; w < 3; w++) {
                for (int n : SIZES) {
                    require(check.check("n" + n + "." + ZONE), n);
                }
            }
            System.out.printf(
                    "%nwarm JVM, %d runs per N (ms)%n%-4s %8s %6s %6s   %s%n",
                    runs, "N", "median", "min", "max", "check's phases, medians (mx, policies, probes)");
            for (int n : SIZES) {
                long[] walls = new long[runs];
                Map<String, List<Long>> phases = new TreeMap<>();
                Map<String, List<Long>> probePhases = new java.util.LinkedHashMap<>();
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    DomainReport report = check.check("n" + n + "." + ZONE);
                    walls[r] = (System.nanoTime() - t0) / 1_000_000;
                    require(report, n);
                    report.timings()
                            .forEach((k, v) -> phases.computeIfAbsent(k, x -> new ArrayList<>())
                                    .add(v));
                    for (var h : report.mx()) {
                        for (var p : h.results()) {
                            p.report()
                                    .result()
                                    .timings()
                                    .forEach((phase, ms) -> probePhases
                                            .computeIfAbsent(phase.key(), x -> new ArrayList<>())
                                            .add(ms));
                        }
                    }
                }
                Arrays.sort(walls);
                StringBuilder phaseText = new StringBuilder();
                phases.forEach((k, v) -> phaseText
                        .append(k)
                        .append(' ')
                        .append(median(
                                v.stream().mapToLong(Long::longValue).sorted().toArray()))
                        .append("  "));
                System.out.printf(
                        "%-4d %8d %6d %6d   %s%n",
                        n,
                        median(walls),
                        walls[0],
                        walls[runs - 1],
                        phaseText.toString().strip());
                StringBuilder probeText = new StringBuilder();
                probePhases.forEach((k, v) -> probeText
                        .append(k)
                        .append(' ')
                        .append(median(
                                v.stream().mapToLong(Long::longValue).sorted().toArray()))
                        .append("  "));
                System.out.printf(
                        "%20s one MX probe, medians: %s%n",
                        "", probeText.toString().strip());
            }
            if (cold != null) {
                System.out.printf("%ncold: one `%s domain` per N (a new JVM each, wall ms)%n", cold);
                for (int n : SIZES) {
                    long t0 = System.nanoTime();
                    Process p = new ProcessBuilder(
                                    cold,
                                    "domain",
                                    "n" + n + "." + ZONE,
                                    "--dns",
                                    bind.address(),
                                    "--dnssec-anchor",
                                    anchors.toString(),
                                    "--ca-file",
                                    ca.toString(),
                                    "--json")
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("cold-" + n + ".json").toFile())
                            .start();
                    if (!p.waitFor(120, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new IllegalStateException("cold run still going after 120 s");
                    }
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    String out = Files.readString(dir.resolve("cold-" + n + ".json"));
                    String total = out.replaceAll("(?s).*\"total\" : (\\d+)\\s*}\\s*}\\s*$", "$1");
                    System.out.printf(
                            "%-4d %8d   exit %d, the check itself %s ms%n",
                            n, ms, p.exitValue(), total.length() < 10 ? total : "?");
                }
            }
            int hold = Integer.parseInt(System.getenv().getOrDefault("MAILTLS_BENCH_HOLD", "0"));
            if (hold > 0) {
                // Keeps the servers up for a look with other tools (dig, delv, openssl s_client).
                System.out.printf("servers kept up for %d s (MAILTLS_BENCH_HOLD)%n", hold);
                Thread.sleep(hold * 1000L);
            }
            System.out.printf(
                    "%nload average after: %.2f; policy fetches served: %d%n", loadAverage(), sts.connections());
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static DomainCheck check(String dnsServer, Path anchors, Path ca) {
        DnsjavaDomainDns dns = DnsjavaDomainDns.builder()
                .server(dnsServer)
                .trustAnchors(dev.mailtls.domain.TrustAnchors.fromFile(anchors))
                .build();
        // Probes go to each MX address by its literal: no name lookups outside the test's DNS.
        Resolver literals = host -> {
            if (!Target.isIpLiteral(host)) {
                throw new UnknownHostException(host + ": only address literals here");
            }
            return List.of(InetAddress.getByName(host));
        };
        Prober prober = new Prober(literals, Clock.systemUTC());
        MtaStsFetcher fetcher = new MtaStsFetcher(dns, prober.policy(), TrustEvaluator.jdkDefaults(ca));
        // As DomainCommandLine wires it.
        return new DomainCheck(
                dns,
                request -> new ServiceResult.Probed(
                        prober.probe(request),
                        null,
                        new ServiceResult.Asked("bench", Clock.systemUTC().instant())),
                fetcher::fetch,
                new Diagnoser(DiagnosisThresholds.defaults()),
                ProbeOptions.defaults().withCaFile(ca),
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                Ticker.SYSTEM);
    }

    private static void require(DomainReport report, int n) {
        long probed = report.mx().stream().mapToLong(h -> h.results().size()).sum();
        if (report.status() != dev.mailtls.diagnosis.Status.OK || probed != n) {
            throw new IllegalStateException("n" + n + "." + ZONE + " came out " + report.status() + " with " + probed
                    + " addresses probed; hints: " + report.hints());
        }
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
