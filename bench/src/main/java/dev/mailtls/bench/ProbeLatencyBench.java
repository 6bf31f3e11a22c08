package dev.mailtls.bench;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.Prober;
import dev.mailtls.testing.RealMailServers;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * One normal probe's wall time against {@code openssl s_client} on the same port (issue 15): a real
 * Postfix (SMTP STARTTLS on a port-25-style listener, SMTPS) and Dovecot (IMAP and POP3, STARTTLS and
 * implicit TLS) from Debian on loopback. Per row: openssl's median wall (a new process each time,
 * stdin from /dev/null), mailtls's warm in-process probe median with the TLS 1.0/1.1 check on (as
 * users run it) and off, the ratios, and the phase timings of one probe. Exit 1 only when something
 * broke (a probe failed, openssl failed), never because the machine was slow; 2 on bad arguments.
 */
public final class ProbeLatencyBench {
    private static final String NAME = "mail.latency.bench";

    private ProbeLatencyBench() {}

    /** One row: the port, how mailtls and openssl are told to speak to it. */
    private record Row(
            String label, Protocol protocol, Transport transport, IntFunction<Integer> port, String starttls) {}

    public static void main(String[] args) throws Exception {
        int runs = 15;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
        } catch (RuntimeException e) {
            System.err.println("probe-latency: " + e.getMessage() + "\nusage: bench/probe-latency [--runs N]");
            System.exit(2);
        }
        System.exit(run(runs));
    }

    private static int run(int runs) throws Exception {
        Path dir = Files.createTempDirectory("mailtls-latency-bench-");
        TestPki pki = TestPki.create();
        pki.writePem(pki.rsa(NAME), dir.resolve("chain.pem"), dir.resolve("key.pem"));
        try (RealMailServers servers = RealMailServers.start(dir.resolve("chain.pem"), dir.resolve("key.pem"))) {
            String host = servers.host();
            RealMailServers.Ports ports = servers.ports();
            List<Row> rows = List.of(
                    new Row("SMTP STARTTLS (Postfix)", Protocol.SMTP, Transport.STARTTLS, x -> ports.smtp(), "smtp"),
                    new Row("SMTPS (Postfix)", Protocol.SMTP, Transport.TLS, x -> ports.smtps(), null),
                    new Row("IMAP STARTTLS (Dovecot)", Protocol.IMAP, Transport.STARTTLS, x -> ports.imap(), "imap"),
                    new Row("IMAPS (Dovecot)", Protocol.IMAP, Transport.TLS, x -> ports.imaps(), null),
                    new Row("POP3 STLS (Dovecot)", Protocol.POP3, Transport.STARTTLS, x -> ports.pop3(), "pop3"),
                    new Row("POP3S (Dovecot)", Protocol.POP3, Transport.TLS, x -> ports.pop3s(), null));
            Prober prober = new Prober(new TestResolver().add(NAME, InetAddress.getByName(host)), Clock.systemUTC());
            ProbeOptions on = ProbeOptions.defaults().withDeadline(Duration.ofSeconds(20));
            ProbeOptions off = on.withLegacyTlsCheck(false);

            // Warm the JVM on every row first: class loading and JIT are the cold-start issue's.
            for (int w = 0; w < 3; w++) {
                for (Row row : rows) {
                    probe(prober, row, on);
                    probe(prober, row, off);
                }
            }
            System.out.printf(
                    "probe-latency: Postfix and Dovecot on %s, %d runs each, median wall ms (load %s)%n%n",
                    host, runs, load());
            System.out.printf(
                    "%-24s %8s %9s %9s %8s %8s  %s%n",
                    "target",
                    "openssl",
                    "mailtls",
                    "no-legacy",
                    "ratio",
                    "ratio",
                    "phases of one probe (legacy on), ms");
            System.out.printf("%-24s %8s %9s %9s %8s %8s%n", "", "s_client", "", "check", "", "no-leg.");
            for (Row row : rows) {
                int port = row.port().apply(0);
                long[] openssl = new long[runs];
                long[] warm = new long[runs];
                long[] warmOff = new long[runs];
                ProbeResult one = null;
                // Interleaved, so a burst of load from the machine's other users hits all three alike.
                for (int i = 0; i < runs; i++) {
                    openssl[i] = openssl(dir, host, port, row.starttls());
                    long t0 = System.nanoTime();
                    one = probe(prober, row, on);
                    warm[i] = (System.nanoTime() - t0) / 1_000_000;
                    t0 = System.nanoTime();
                    probe(prober, row, off);
                    warmOff[i] = (System.nanoTime() - t0) / 1_000_000;
                }
                Arrays.sort(openssl);
                Arrays.sort(warm);
                Arrays.sort(warmOff);
                System.out.printf(
                        "%-24s %8d %9d %9d %7.2fx %7.2fx  %s%n",
                        row.label(),
                        median(openssl),
                        median(warm),
                        median(warmOff),
                        (double) median(warm) / Math.max(1, median(openssl)),
                        (double) median(warmOff) / Math.max(1, median(openssl)),
                        phases(one));
            }
            System.out.printf(
                    "%nratio = mailtls median / openssl s_client median (target of issue 15: at most 0.5)%n"
                            + "load average after: %s%n",
                    load());
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("probe-latency: " + e.getMessage());
            return 1;
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ProbeResult probe(Prober prober, Row row, ProbeOptions options) {
        ProbeResult r =
                prober.probe(new ProbeRequest(NAME, row.port().apply(0), row.protocol(), row.transport(), options));
        if (r.failure() != null || r.tls() == null) {
            throw new IllegalStateException(row.label() + ": the probe failed:\n" + String.join("\n", r.transcript()));
        }
        if (options.legacyTlsCheck() && r.tls().legacy() == null) {
            throw new IllegalStateException(
                    row.label() + ": the TLS 1.0/1.1 check did not run:\n" + String.join("\n", r.transcript()));
        }
        if (r.starttls() != null && r.starttls().injectedBytes() != null) {
            throw new IllegalStateException(row.label() + ": bytes before the ServerHello from a healthy server:\n"
                    + String.join("\n", r.transcript()));
        }
        if (options.legacyTlsCheck()
                && row.protocol() == Protocol.SMTP
                && row.transport() == Transport.STARTTLS
                && (r.starttls() == null || r.starttls().commandInjection() == null)) {
            throw new IllegalStateException(
                    row.label() + ": the CVE-2011-0411 check did not run:\n" + String.join("\n", r.transcript()));
        }
        return r;
    }

    private static String phases(ProbeResult r) {
        return r.timings().entrySet().stream()
                        .map(e -> e.getKey().key() + " " + e.getValue())
                        .collect(Collectors.joining(" · "))
                + " · total " + r.totalMs();
    }

    /** openssl s_client's wall time, process start included, stdin from /dev/null. */
    private static long openssl(Path dir, String host, int port, String starttls) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("openssl", "s_client", "-connect", host + ":" + port, "-servername", NAME));
        if (starttls != null) {
            command.addAll(List.of("-starttls", starttls));
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.txt").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " still going after 60 s");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                    + Files.readString(dir.resolve("openssl.txt")));
        }
        return ms;
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }
}
