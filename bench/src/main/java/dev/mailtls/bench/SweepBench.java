package dev.mailtls.bench;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.TargetGroup;
import dev.mailtls.summary.TargetSnapshot;
import dev.mailtls.testing.TestResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A fleet sweep: one target group of N targets (default 1,000) whose servers answer every line
 * after a delay (default 100 ms), run through the group-run path of {@code serve} (a {@link
 * GroupRunner} over the {@link ProbeService}, as a scheduled group or {@code POST
 * /api/v1/groups/NAME/runs} runs it) with the service limits an operator sets for a fleet
 * ({@code MAILTLS_MAX_CONCURRENT} ... in their written form). The servers run in a second JVM
 * ({@link SweepServers}), so the figures are the sweep's own. Prints one table: wall time, peak heap
 * in use, peak live platform threads and virtual threads, RSS, probes ok/warning/failed. Exit 1
 * only when something broke (a probe failed, a target was not probed, out of memory), never because
 * the machine was slow; 2 on bad arguments.
 */
public final class SweepBench {
    /** Failure codes of a server that answered too late: on a busy machine, the sweep's own slowness. */
    private static final Set<String> SLOWNESS =
            Set.of("DEADLINE_EXCEEDED", "NO_GREETING", "READ_TIMEOUT", "CONNECT_TIMEOUT");

    private SweepBench() {}

    private record Settings(
            int targets,
            int servers,
            long delayMs,
            int runs,
            int maxConcurrent,
            int maxQueued,
            String ratePerHost,
            boolean legacyCheck,
            boolean rsaLeaf) {}

    public static void main(String[] args) throws Exception {
        Settings s;
        try {
            s = parse(args);
        } catch (RuntimeException e) {
            System.err.println("sweep: " + e.getMessage()
                    + "\nusage: bench/sweep [--targets N] [--servers K] [--delay-ms MS] [--runs R]"
                    + " [--max-concurrent N] [--max-queued N] [--rate-per-host N/window] [--no-legacy-check]"
                    + " [--rsa-leaf]");
            System.exit(2);
            return;
        }
        int code;
        try {
            code = run(s);
        } catch (OutOfMemoryError e) {
            System.out.println("sweep: out of memory: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    private static Settings parse(String[] args) {
        int targets = 1000;
        int servers = 60;
        long delay = 100;
        int runs = 3;
        int concurrent = 1000;
        int queued = 1000;
        String perHost = "20000/1m";
        boolean legacy = true;
        boolean rsa = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--targets" -> targets = Integer.parseInt(args[++i]);
                case "--servers" -> servers = Integer.parseInt(args[++i]);
                case "--delay-ms" -> delay = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--max-concurrent" -> concurrent = Integer.parseInt(args[++i]);
                case "--max-queued" -> queued = Integer.parseInt(args[++i]);
                case "--rate-per-host" -> perHost = args[++i];
                case "--no-legacy-check" -> legacy = false;
                case "--rsa-leaf" -> rsa = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (targets < 1 || targets > 9999 || servers < 1 || delay < 0 || runs < 1) {
            throw new IllegalArgumentException("--targets 1-9999, --servers and --runs >= 1, --delay-ms >= 0");
        }
        Rate.parse(perHost);
        return new Settings(targets, servers, delay, runs, concurrent, queued, perHost, legacy, rsa);
    }

    private static int run(Settings s) throws Exception {
        Path dir = Files.createTempDirectory("mailtls-sweep-");
        Process fleet = startServers(dir, s);
        try (BufferedReader fleetOut =
                new BufferedReader(new InputStreamReader(fleet.getInputStream(), StandardCharsets.UTF_8))) {
            String line = fleetOut.readLine();
            // JVM options in JDK_JAVA_OPTIONS (a flight recording) may print lines of their own first.
            while (line != null && !line.startsWith("servers ")) {
                line = fleetOut.readLine();
            }
            if (line == null || !line.startsWith("servers ")) {
                System.out.println("sweep: the mail servers did not start: " + line);
                return 1;
            }
            List<String[]> servers = new ArrayList<>();
            Set<Integer> ports = new TreeSet<>();
            for (String kind : line.substring("servers ".length()).split(" ")) {
                String[] parts = kind.split("[/:]");
                servers.add(parts);
                ports.add(Integer.parseInt(parts[2]));
            }
            int code = sweep(s, dir.resolve("test-root-ca.pem"), servers, ports, fleet.toHandle());
            fleet.getOutputStream().close();
            String connections = fleetOut.readLine();
            System.out.println("mail servers: " + connections);
            return code;
        } finally {
            fleet.getOutputStream().close();
            fleet.destroy();
        }
    }

    private static Process startServers(Path dir, Settings s) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SweepServers.class.getName(),
                        dir.toString(),
                        Integer.toString(s.servers()),
                        Long.toString(s.delayMs()),
                        s.rsaLeaf() ? "rsa" : "ec")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static int sweep(Settings s, Path root, List<String[]> servers, Set<Integer> ports, ProcessHandle fleet)
            throws Exception {
        TestResolver resolver = new TestResolver();
        List<String> targets = new ArrayList<>();
        List<String> warmUp = new ArrayList<>();
        for (int t = 1; t <= s.targets(); t++) {
            String[] k = servers.get((t - 1) % servers.size());
            String host = String.format(Locale.ROOT, "t%04d.%s", t, SweepServers.DOMAIN);
            resolver.add(host, InetAddress.getLoopbackAddress());
            // "t0001.sweep.test 587 starttls smtp": the shared grammar, as in a configured group.
            targets.add(host + " " + k[2] + " " + k[1] + " " + k[0]);
        }
        for (int w = 0; w < servers.size(); w++) {
            String[] k = servers.get(w);
            String host = String.format(Locale.ROOT, "w%04d.%s", w, SweepServers.DOMAIN);
            resolver.add(host, InetAddress.getLoopbackAddress());
            warmUp.add(host + " " + k[2] + " " + k[1] + " " + k[0]);
        }
        // As serve builds it: the strict policy with allow_cidrs 127.0.0.0/8 and allow_ports the servers'.
        AddressPolicy policy = AddressPolicy.strict(List.of(Cidr.parse("127.0.0.0/8")), List.of(), ports);
        Prober prober = new Prober(resolver, Clock.systemUTC(), policy);
        ProbeOptions options = ProbeOptions.defaults().withCaFile(root).withLegacyTlsCheck(s.legacyCheck());
        // As LimitsConfig.serviceLimits builds them from MAILTLS_MAX_CONCURRENT ... (defaults for the rest).
        ServiceLimits d = ServiceLimits.defaults();
        ServiceLimits limits = new ServiceLimits(
                d.cacheTtl(),
                s.maxConcurrent(),
                s.maxQueued(),
                d.perRequester(),
                d.perRequesterFresh(),
                Rate.parse(s.ratePerHost()));
        System.out.printf(
                Locale.ROOT,
                "sweep: %d targets on %d loopback servers (SMTP, IMAP, POP3; STARTTLS and implicit TLS), every"
                        + " line answered after %d ms; leaf *.%s %s; probe defaults%s%n"
                        + "limits: MAILTLS_MAX_CONCURRENT=%d MAILTLS_MAX_QUEUED=%d MAILTLS_RATE_PER_HOST=%s"
                        + " (per /24: %s); JVM %s, -Xmx%d MiB, %d CPUs%n%n",
                s.targets(),
                servers.size(),
                s.delayMs(),
                SweepServers.DOMAIN,
                s.rsaLeaf() ? "RSA 2048" : "EC P-256 (ECDSA)",
                s.legacyCheck() ? " (TLS 1.0/1.1 check on)" : ", TLS 1.0/1.1 check off",
                s.maxConcurrent(),
                s.maxQueued(),
                Rate.parse(s.ratePerHost()),
                limits.perTargetNetwork(),
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        int code = 0;
        try (ProbeService service = new ProbeService(prober, limits)) {
            GroupRunner runner = new GroupRunner(service, new Diagnoser(), options);
            code = Math.max(code, check(runner.run(new TargetGroup("warm-up", warmUp), "api"), "warm-up"));
            System.out.printf(
                    Locale.ROOT,
                    "%-6s %8s %7s %7s %10s %10s %9s %8s %9s %s%n",
                    "run",
                    "wall s",
                    "cpu s",
                    "srv s",
                    "heap MiB",
                    "platform",
                    "virtual",
                    "RSS MiB",
                    "HWM MiB",
                    "probes ok/warning/failed");
            for (int r = 1; r <= s.runs(); r++) {
                System.gc();
                int before = threads.getThreadCount();
                threads.resetPeakThreadCount();
                heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
                Recording recording = new Recording();
                recording.enable("jdk.VirtualThreadStart");
                recording.enable("jdk.VirtualThreadEnd");
                recording.start();
                long cpu0 = cpu();
                long srv0 = cpu(fleet);
                long t0 = System.nanoTime();
                GroupRun run = runner.run(new TargetGroup("sweep", targets), "api");
                long wall = System.nanoTime() - t0;
                long cpu = cpu() - cpu0;
                long srv = cpu(fleet) - srv0;
                recording.stop();
                long heapPeak = heapPools.stream()
                        .mapToLong(p -> p.getPeakUsage().getUsed())
                        .sum();
                int virtualPeak = virtualPeak(recording, dir(root));
                Map<Status, Integer> counts = new TreeMap<>();
                run.snapshots().forEach(t -> counts.merge(t.status(), 1, Integer::sum));
                System.out.printf(
                        Locale.ROOT,
                        "%-6s %8.2f %7.2f %7.2f %10d %4d (%3d) %9d %8d %9d %d/%d/%d%n",
                        "#" + r,
                        wall / 1e9,
                        cpu / 1e9,
                        srv / 1e9,
                        heapPeak >> 20,
                        threads.getPeakThreadCount(),
                        before,
                        virtualPeak,
                        status("VmRSS") >> 10,
                        status("VmHWM") >> 10,
                        counts.getOrDefault(Status.OK, 0),
                        counts.getOrDefault(Status.WARNING, 0),
                        counts.getOrDefault(Status.FAILURE, 0));
                code = Math.max(code, check(run, "run " + r));
            }
        }
        System.out.println();
        System.out.println("wall: the group run, first target submitted to last snapshot (target < 3 s)");
        System.out.println("cpu s, srv s: CPU time of this JVM and of the mail servers' JVM during the run");
        System.out.println("heap: the heap pools' peak use during the run, summed (an upper bound; target < 256 MiB)");
        System.out.println("platform: peak live platform threads during the run (live before it in brackets)");
        System.out.println("virtual: peak live virtual threads during the run (JFR VirtualThreadStart/End)");
        System.out.println("RSS, HWM: the process's resident set after the run, and its peak since start");
        return code;
    }

    private static Path dir(Path root) {
        return root.getParent();
    }

    /**
     * Prints the failures' and warnings' codes. 1 when a target failed for any reason but a timeout
     * ({@link #SLOWNESS}: the machine was too busy to keep up, which is slowness, not breakage), so a
     * target the limits held back ({@code NOT_PROBED}) or a wrong verdict counts; else 0.
     */
    private static int check(GroupRun run, String which) {
        Map<String, Integer> failed = new TreeMap<>();
        Map<String, Integer> warned = new TreeMap<>();
        String example = null;
        for (TargetSnapshot t : run.snapshots()) {
            String code = t.failureCode() != null
                    ? t.failureCode()
                    : t.worst() == null ? "?" : t.worst().code();
            if (t.status() == Status.FAILURE) {
                failed.merge(code, 1, Integer::sum);
                if (example == null && !SLOWNESS.contains(code)) {
                    example = t.target() + ": " + t.worst();
                }
            } else if (t.status() == Status.WARNING) {
                warned.merge(code, 1, Integer::sum);
            }
        }
        if (!warned.isEmpty()) {
            System.out.println("       " + which + " warnings " + warned);
        }
        if (failed.isEmpty()) {
            return 0;
        }
        System.out.println("       " + which + " failures " + failed + (example == null ? "" : ", e.g. " + example));
        return example == null ? 0 : 1;
    }

    /** The most virtual threads alive at once in the recording: starts and ends in time order. */
    private static int virtualPeak(Recording recording, Path dir) throws IOException {
        Path file = dir.resolve("virtual-threads.jfr");
        recording.dump(file);
        List<long[]> changes = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            long at = e.getStartTime().getEpochSecond() * 1_000_000_000L
                    + e.getStartTime().getNano();
            if (type.equals("jdk.VirtualThreadStart")) {
                changes.add(new long[] {at, 1});
            } else if (type.equals("jdk.VirtualThreadEnd")) {
                changes.add(new long[] {at, -1});
            }
        }
        changes.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        int live = 0;
        int peak = 0;
        for (long[] c : changes) {
            live += (int) c[1];
            peak = Math.max(peak, live);
        }
        Files.deleteIfExists(file);
        recording.close();
        return peak;
    }

    /** This JVM's CPU time, in nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Another process's CPU time, in nanoseconds (0 when the OS does not say). */
    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** A field of /proc/self/status in KiB (VmRSS, VmHWM), or -1 off Linux. */
    private static long status(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
