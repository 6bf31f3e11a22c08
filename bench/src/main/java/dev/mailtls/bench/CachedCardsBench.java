package dev.mailtls.bench;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How fast {@code serve} answers a cached card, beside {@code /healthz} of the same server: starts
 * a loopback SMTP server with STARTTLS, starts {@code mailtls serve} as its own process (the address
 * policy allowing 127.0.0.0/8 and that port, the test root as its CA file), probes once to fill the
 * cache, then sends {@code POST /api/v1/probes} for that target over exactly C keep-alive
 * connections for S seconds, then {@code GET /healthz} the same way, and prints one table. Exit 1
 * only when something broke (an answer other than the expected 200, a connection lost, the server
 * not starting), never because the machine was slow; 2 on bad arguments.
 */
public final class CachedCardsBench {
    private static final String TOKEN = "cached-cards-bench-token-0123456789";
    private static final String USAGE = "usage: cached-cards [--seconds S] [--connections C] [--warmup-seconds W]"
            + " [--server-opts 'JVM OPTIONS'] [--jfr DIR] [--jfr-settings 'EVENT#SETTING=VALUE ...'] [--quantiles true]";

    private CachedCardsBench() {}

    /** The run's settings. */
    record Settings(
            double seconds,
            int connections,
            double warmupSeconds,
            String serverOpts,
            String jfrDir,
            String jfrSettings,
            boolean quantiles) {
        Settings {
            if (seconds <= 0 || connections < 1 || warmupSeconds < 0) {
                throw new IllegalArgumentException(
                        "seconds and connections must be positive, warm-up not negative\n" + USAGE);
            }
        }

        static Settings parse(List<String> args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--") || i + 1 >= args.size()) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
                }
                given.put(a.substring(2), args.get(++i));
            }
            try {
                Settings s = new Settings(
                        Double.parseDouble(given.getOrDefault("seconds", "10")),
                        Integer.parseInt(given.getOrDefault("connections", "32")),
                        Double.parseDouble(given.getOrDefault("warmup-seconds", "5")),
                        given.getOrDefault("server-opts", ""),
                        given.getOrDefault("jfr", ""),
                        given.getOrDefault("jfr-settings", ""),
                        Boolean.parseBoolean(given.getOrDefault("quantiles", "false")));
                given.keySet()
                        .removeAll(List.of(
                                "seconds",
                                "connections",
                                "warmup-seconds",
                                "server-opts",
                                "jfr",
                                "jfr-settings",
                                "quantiles"));
                if (!given.isEmpty()) {
                    throw new IllegalArgumentException(
                            "unknown option --" + given.keySet().iterator().next() + "\n" + USAGE);
                }
                return s;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + e.getMessage() + "\n" + USAGE);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Settings s;
        try {
            s = Settings.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("cached-cards: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(s) ? 0 : 1);
    }

    static boolean run(Settings s) throws Exception {
        Path dir = Files.createTempDirectory("mailtls-cached-cards");
        TestPki pki = TestPki.create();
        Path root = pki.writeRootPem(dir);
        int port = freePort();
        Path log = dir.resolve("serve.log");
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(pki.serverContext(pki.leaf("127.0.0.1")))
                .start()) {
            Process serve = startServe(port, mail.port(), root, dir, log, s.serverOpts());
            try {
                return measure(s, port, mail.port(), serve, log);
            } finally {
                serve.destroy();
                if (!serve.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    serve.destroyForcibly();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static boolean measure(Settings s, int port, int mailPort, Process serve, Path log)
            throws IOException, InterruptedException {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        String hostPort = "127.0.0.1:" + port;
        awaitHealthy(at, hostPort, serve, log);
        String body = "{\"host\": \"127.0.0.1\", \"port\": " + mailPort
                + ", \"transport\": \"starttls\", \"protocol\": \"smtp\"}";
        byte[] probe = KeepAliveLoad.request(
                "POST",
                "/api/v1/probes",
                hostPort,
                List.of("Authorization: Bearer " + TOKEN, "Content-Type: application/json", "Accept: application/json"),
                body);
        byte[] health = KeepAliveLoad.request("GET", "/healthz", hostPort, List.of(), "");

        KeepAliveLoad.Answer first = once(at, probe);
        KeepAliveLoad.Answer second = once(at, probe);
        if (first.status() != 200 || !first.body().contains("\"cachedAgeSeconds\":null")) {
            System.out.println("cached-cards: the first probe did not answer a fresh card: HTTP " + first.status() + " "
                    + cut(first.body()));
            return false;
        }
        if (second.status() != 200 || !isCachedCard(second)) {
            System.out.println("cached-cards: the second ask was not answered from the cache: HTTP " + second.status()
                    + " " + cut(second.body()));
            return false;
        }
        KeepAliveLoad cached = new KeepAliveLoad(at, probe, CachedCardsBench::isCachedCard);
        KeepAliveLoad healthz =
                new KeepAliveLoad(at, health, a -> a.status() == 200 && a.body().equals("{\"status\":\"up\"}"));

        System.out.printf(
                Locale.ROOT,
                "mailtls cached cards vs /healthz: %d cores, Java %s, `serve` as its own process, %d keep-alive"
                        + " connections, %.0f s each after %.0f s warm-up each%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                s.connections(),
                s.seconds(),
                s.warmupSeconds());
        System.out.printf(
                Locale.ROOT,
                "card: %d bytes of JSON (POST /api/v1/probes, cached)%n%n",
                second.body().getBytes(StandardCharsets.UTF_8).length);
        if (s.warmupSeconds() > 0) {
            KeepAliveLoad.Outcome w1 = cached.run(s.connections(), s.warmupSeconds());
            KeepAliveLoad.Outcome w2 = healthz.run(s.connections(), s.warmupSeconds());
            if (w1.problemTotal() + w2.problemTotal() > 0) {
                System.out.println("cached-cards: warm-up broke: " + w1.problems() + " " + w2.problems());
                return false;
            }
        }
        long logBefore = lines(log);
        Row card = row("cached card", cached, s, serve.pid());
        long logLines = lines(log) - logBefore;
        Row up = row("/healthz", healthz, s, serve.pid());

        System.out.printf(
                Locale.ROOT,
                "%-12s %9s %8s %8s %8s %8s %8s %11s %11s%n",
                "endpoint",
                "answered",
                "req/s",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "max ms",
                "server cpu",
                "client cpu");
        for (Row r : List.of(card, up)) {
            KeepAliveLoad.Outcome o = r.outcome();
            System.out.printf(
                    Locale.ROOT,
                    "%-12s %9d %8.0f %8.2f %8.2f %8.2f %8.1f %11s %11s%n",
                    r.name(),
                    o.answered(),
                    o.perSecond(),
                    o.percentileMs(0.50),
                    o.percentileMs(0.90),
                    o.percentileMs(0.99),
                    o.maxMs(),
                    String.format(Locale.ROOT, "%.2f cores", r.serverCores()),
                    String.format(Locale.ROOT, "%.2f cores", r.clientCores()));
        }
        if (s.quantiles()) {
            for (Row r : List.of(card, up)) {
                StringBuilder b = new StringBuilder(r.name() + " quantiles ms:");
                for (double q : new double[] {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.999}) {
                    b.append(String.format(
                            Locale.ROOT, " %.3f=%.2f", q, r.outcome().percentileMs(q)));
                }
                System.out.println(b);
            }
        }
        double ratio = card.outcome().perSecond() / up.outcome().perSecond();
        double p99 = card.outcome().percentileMs(0.99);
        System.out.printf(
                Locale.ROOT,
                "%nratio        req/s cached/healthz %.2f (target >= 0.6: %s); cached p99 %.2f ms (target < 20 ms: %s)%n",
                ratio,
                ratio >= 0.6 ? "met" : "NOT met",
                p99,
                p99 < 20 ? "met" : "NOT met");
        System.out.printf(
                Locale.ROOT,
                "server log   %d lines written while the cached cards were served (%.4f per request)%n",
                logLines,
                logLines / (double) Math.max(1, card.outcome().answered()));
        System.out.printf(
                Locale.ROOT, "machine load %s (1-min load average; other processes share the cores)%n", load());

        long broken = card.outcome().problemTotal() + up.outcome().problemTotal();
        if (broken > 0) {
            System.out.println("problems     cached " + card.outcome().problems() + ", /healthz "
                    + up.outcome().problems());
            System.out.println("cached-cards: FAIL (answers were not the expected 200s)");
            return false;
        }
        System.out.println("cached-cards: PASS (every answer a 200 with the expected body; figures are not gated)");
        return true;
    }

    private record Row(String name, KeepAliveLoad.Outcome outcome, double serverCores, double clientCores) {}

    private static Row row(String name, KeepAliveLoad load, Settings s, long pid) throws InterruptedException {
        String jfrDir = s.jfrDir();
        String file = name.replaceAll("[^a-z]+", "-").replaceAll("^-|-$", "") + ".jfr";
        if (jfrDir != null && !jfrDir.isBlank()) {
            List<String> start = new ArrayList<>(List.of("JFR.start", "name=bench", "settings=profile"));
            String more = s.jfrSettings();
            if (more != null && !more.isBlank()) {
                start.addAll(List.of(more.trim().split("\\s+")));
            }
            jcmd(pid, start.toArray(String[]::new));
        }
        long server0 = serverCpuNanos(pid);
        long client0 = clientCpuNanos();
        KeepAliveLoad.Outcome o = load.run(s.connections(), s.seconds());
        double wall = o.wallNanos();
        if (jfrDir != null && !jfrDir.isBlank()) {
            jcmd(
                    pid,
                    "JFR.stop",
                    "name=bench",
                    "filename=" + Path.of(jfrDir, file).toAbsolutePath());
            System.out.println("recorded   " + Path.of(jfrDir, file));
        }
        return new Row(name, o, (serverCpuNanos(pid) - server0) / wall, (clientCpuNanos() - client0) / wall);
    }

    /** Runs the JDK's jcmd against the server: JFR recordings of one phase at a time. */
    private static void jcmd(long pid, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed", e);
        }
    }

    /** A 200 card answered from the cache: {@code cachedAgeSeconds} is a number. */
    static boolean isCachedCard(KeepAliveLoad.Answer a) {
        if (a.status() != 200) {
            return false;
        }
        String b = a.body();
        int at = b.indexOf("\"cachedAgeSeconds\":");
        return at >= 0
                && Character.isDigit(b.charAt(at + "\"cachedAgeSeconds\":".length()))
                && b.startsWith("{\"schemaVersion\":");
    }

    private static Process startServe(int port, int mailPort, Path root, Path dir, Path log, String serverOpts)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String extra = serverOpts;
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        String jar = System.getProperty("mailtls.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(
                    "no runnable jar at -Dmailtls.jar=" + jar + " (bench/cached-cards builds it)");
        }
        command.addAll(List.of("-jar", jar, "serve"));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("MAILTLS_") || k.startsWith("SLACK_") || k.startsWith("DISCORD_"));
        env.put("MAILTLS_HTTP_ADDR", "127.0.0.1:" + port);
        env.put("MAILTLS_API_TOKENS", TOKEN);
        env.put("MAILTLS_ALLOW_CIDRS", "127.0.0.0/8");
        env.put("MAILTLS_ALLOW_PORTS", Integer.toString(mailPort));
        env.put("MAILTLS_CA_FILE", root.toString());
        env.put("MAILTLS_DATA_DIR", dir.resolve("data").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    private static void awaitHealthy(InetSocketAddress at, String hostPort, Process serve, Path log)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        byte[] health = KeepAliveLoad.request("GET", "/healthz", hostPort, List.of(), "");
        while (System.nanoTime() < until) {
            if (!serve.isAlive()) {
                throw new IllegalStateException(
                        "serve exited with " + serve.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (once(at, health).status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("serve did not answer /healthz in 90 s:\n" + Files.readString(log));
    }

    private static KeepAliveLoad.Answer once(InetSocketAddress at, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(at, 5_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            return KeepAliveLoad.read(new java.io.BufferedInputStream(in));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** CPU time of the server process so far: utime + stime from /proc (clock ticks of 10 ms). */
    private static long serverCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of stat(5); after the ")" the 3rd field is index 0.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long lines(Path log) {
        try (Stream<String> l = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return l.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
