package dev.mailtls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A private authoritative BIND ({@code named} from Debian's bind9 package) on {@value #HOST} at a
 * free port, with {@code recursion no}, serving the given {@link DnsZone}s. Signed zones get keys
 * from {@code dnssec-keygen -a ECDSAP256SHA256} and are signed with {@code dnssec-signzone} at
 * start; a zone below another served zone is delegated from it (NS and glue, and DS when signed),
 * so an unsigned child of a signed zone is provably insecure. The trust anchors are the KSKs of the
 * signed zones that have no served parent ({@link #trustAnchors()}, {@link #trustAnchorKeys()}).
 *
 * <p>Runs as root ({@code named -u bind} drops privileges) or as any user. Tests call {@link
 * #assumeAvailable()} first; CI ({@value RealMailServers#REQUIRE_PROPERTY}) fails instead of
 * skipping.
 */
public final class BindServer implements AutoCloseable {

    /** The address named listens on. */
    public static final String HOST = "127.0.0.1";

    private static final Path NAMED = Path.of("/usr/sbin/named");
    private static final Path DELV = Path.of("/usr/bin/delv");
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final Duration DELV_WAIT = Duration.ofSeconds(30);

    private final Path directory;
    private final int port;
    private final List<DnsZone> zones;
    private final Map<String, String> dsRecords = new LinkedHashMap<>();
    private final Map<String, String> kskRecords = new LinkedHashMap<>();
    private @Nullable Process process;

    private BindServer(Path directory, int port, List<DnsZone> zones) {
        this.directory = directory;
        this.port = port;
        this.zones = List.copyOf(zones);
    }

    /** Whether named and the DNSSEC tools are installed. */
    public static boolean available() {
        return unavailableReason().isEmpty();
    }

    /** Skips the calling test when BIND is missing, or fails it when CI requires the interop tests. */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        if (!reason.isEmpty() && Boolean.getBoolean(RealMailServers.REQUIRE_PROPERTY)) {
            Assertions.fail("-D" + RealMailServers.REQUIRE_PROPERTY + "=true, but BIND cannot run here: " + reason
                    + ". .ci/run installs it (apt-get install bind9 bind9-utils bind9-dnsutils).");
        }
        Assumptions.assumeTrue(reason.isEmpty(), () -> "BIND interop skipped: " + reason);
    }

    private static String unavailableReason() {
        List<String> missing = Stream.concat(Stream.of(NAMED.toString(), DELV.toString()), ZoneSigner.TOOLS.stream())
                .filter(binary -> !Files.isExecutable(Path.of(binary)))
                .toList();
        return missing.isEmpty() ? "" : "not installed: " + String.join(", ", missing);
    }

    /** Writes and signs the zones, starts named, and returns once it serves every zone. */
    public static BindServer start(DnsZone... zones) {
        return start(List.of(zones));
    }

    public static BindServer start(List<DnsZone> zones) {
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("BIND needs at least one zone to serve");
        }
        Path directory;
        try {
            directory = Files.createTempDirectory(Path.of("/tmp"), "mailtls-bind-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for BIND under /tmp", e);
        }
        BindServer server = new BindServer(directory, freeUdpAndTcpPort(), zones);
        try {
            server.writeZones();
            server.startNamed();
            return server;
        } catch (IOException | RuntimeException e) {
            try {
                server.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot start BIND in " + directory, io)
                    : (RuntimeException) e;
        }
    }

    /** A port free for both UDP and TCP on {@value #HOST}. */
    private static int freeUdpAndTcpPort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(HOST, tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                } catch (SocketException taken) {
                    // that port is in use for UDP; try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on " + HOST, e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + HOST + " after 20 tries");
    }

    private void writeZones() throws IOException {
        // Children first: a signed child's DS goes into its parent before the parent is signed.
        List<DnsZone> deepestFirst = zones.stream()
                .sorted(Comparator.comparingInt((DnsZone zone) -> labels(zone.origin()))
                        .reversed())
                .toList();
        for (DnsZone zone : deepestFirst) {
            Path zoneDirectory = Files.createDirectories(directory.resolve(zone.origin()));
            Path unsigned = zoneDirectory.resolve("zone.db");
            Files.writeString(unsigned, zoneText(zone), StandardCharsets.UTF_8);
            if (zone.signed()) {
                ZoneSigner.Keys keys = ZoneSigner.sign(zone, zoneDirectory, unsigned);
                dsRecords.put(zone.origin(), keys.ds());
                kskRecords.put(zone.origin(), keys.dnskey());
            }
        }
    }

    private String zoneText(DnsZone zone) {
        StringBuilder text = new StringBuilder();
        text.append("$ORIGIN ").append(zone.origin()).append(".\n");
        text.append("$TTL 300\n");
        text.append("@ SOA ns hostmaster 1 3600 600 86400 300\n");
        text.append("@ NS ns\n");
        text.append("ns A ").append(HOST).append('\n');
        for (DnsZone child : zones) {
            if (parentOf(child).filter(parent -> parent.equals(zone)).isPresent()) {
                text.append(child.origin())
                        .append(". NS ns.")
                        .append(child.origin())
                        .append(".\n");
                text.append("ns.")
                        .append(child.origin())
                        .append(". A ")
                        .append(HOST)
                        .append('\n');
                if (child.signed()) {
                    text.append(dsRecords.get(child.origin())).append('\n');
                }
            }
        }
        zone.records().forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** The closest other served zone above {@code zone}. */
    private Optional<DnsZone> parentOf(DnsZone zone) {
        return zones.stream()
                .filter(other -> !other.equals(zone) && other.covers(zone.origin()))
                .max(Comparator.comparingInt(other -> labels(other.origin())));
    }

    private static int labels(String name) {
        return name.split("\\.").length;
    }

    private void startNamed() throws IOException {
        Path config = directory.resolve("named.conf");
        Files.writeString(config, configuration(), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(NAMED.toString(), "-g", "-c", config.toString()));
        if (runningAsRoot()) {
            // named refuses to start as root without a user to become, and that user must be able
            // to write its working directory.
            UserPrincipal bind =
                    directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("bind");
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.toList()) {
                    Files.setOwner(path, bind);
                }
            }
            command.addAll(List.of("-u", "bind"));
        }
        Process named = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log().toFile())
                .start();
        process = named;
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            String log = Files.readString(log(), StandardCharsets.UTF_8);
            if (!named.isAlive()) {
                throw new IllegalStateException("named exited with " + named.exitValue() + ": " + log.strip());
            }
            if (log.contains("not loaded due to errors") || log.contains("loading configuration: failure")) {
                throw new IllegalStateException("named cannot load a zone: " + log.strip());
            }
            if (log.contains("\nrunning") || log.contains(" running\n")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("named not running after " + START_WAIT + ": " + log.strip());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for named to start", e);
            }
        }
    }

    private String configuration() {
        StringBuilder text = new StringBuilder();
        text.append("""
                # Generated by mailtls's BindServer for one test class.
                options {
                  directory "%s";
                  pid-file "%s";
                  listen-on port %d { %s; };
                  listen-on-v6 { none; };
                  recursion no;
                  dnssec-validation no;
                  notify no;
                  allow-transfer { none; };
                  session-keyfile none;
                };
                controls { };
                """.formatted(directory, directory.resolve("named.pid"), port, HOST));
        for (DnsZone zone : zones) {
            Path file = directory.resolve(zone.origin()).resolve(zone.signed() ? "zone.signed" : "zone.db");
            text.append("zone \"%s\" { type primary; file \"%s\"; };\n".formatted(zone.origin(), file));
        }
        return text.toString();
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}: the {@code --dns} value that points a check at this server. */
    public String address() {
        return HOST + ":" + port;
    }

    /** The DS records of the top signed zones' KSKs, in zone-file format: the trust anchors. */
    public String trustAnchors() {
        return anchorZones().stream().map(dsRecords::get).reduce("", (a, b) -> a + b + "\n");
    }

    /** The same anchors as the KSKs' DNSKEY records. */
    public String trustAnchorKeys() {
        return anchorZones().stream().map(kskRecords::get).reduce("", (a, b) -> a + b + "\n");
    }

    private List<String> anchorZones() {
        return zones.stream()
                .filter(DnsZone::signed)
                .filter(zone -> parentOf(zone).isEmpty())
                .map(DnsZone::origin)
                .toList();
    }

    /**
     * BIND's own validator on the same question: {@code delv} with this server's anchors, starting
     * from the top served zone above {@code name}. Its output says "fully validated", "unsigned
     * answer" or why validation failed.
     */
    public String delv(String name, String type) {
        String top = zones.stream()
                .filter(zone -> zone.covers(name))
                .min(Comparator.comparingInt(zone -> labels(zone.origin())))
                .map(DnsZone::origin)
                .orElseGet(() -> anchorZones().getFirst());
        Path keys = directory.resolve("delv.keys");
        StringBuilder clause = new StringBuilder("trust-anchors {\n");
        for (String ds : dsRecords.values()) {
            if (!anchorZones().contains(ds.split("\\s+")[0].replaceAll("\\.$", ""))) {
                continue;
            }
            String[] f = ds.split("\\s+"); // owner IN DS tag algorithm digest-type digest
            clause.append("  %s static-ds %s %s %s \"%s\";\n".formatted(f[0], f[3], f[4], f[5], f[6]));
        }
        clause.append("};\n");
        try {
            Files.writeString(keys, clause.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + keys, e);
        }
        return ExternalCommand.run(
                        DELV_WAIT,
                        DELV.toString(),
                        "-a",
                        keys.toString(),
                        "+root=" + top,
                        "@" + HOST,
                        "-p",
                        Integer.toString(port),
                        name,
                        type)
                .output();
    }

    /** named's output (with -g it logs there), for a failing test's message. */
    public Path log() {
        return directory.resolve("named.log");
    }

    /** The named process while it runs. */
    public List<ProcessHandle> processes() {
        Process named = process;
        return named == null ? List.of() : ProcessTree.of(named.toHandle());
    }

    /** SIGTERM to the named we started, waits for it (kills it after {@code STOP_WAIT}), deletes the files. */
    @Override
    public void close() {
        RuntimeException failure = null;
        Process named = process;
        if (named != null) {
            List<ProcessHandle> tree = new ArrayList<>(processes());
            named.destroy();
            try {
                named.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!ProcessTree.awaitGone(tree, STOP_WAIT)) {
                failure = new IllegalStateException("named still running " + STOP_WAIT + " after SIGTERM, killed: "
                        + ProcessTree.killRemaining(tree));
            }
            process = null;
        }
        try (Stream<Path> paths = Files.exists(directory) ? Files.walk(directory) : Stream.empty()) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            UncheckedIOException deleting = new UncheckedIOException("cannot delete " + directory, e);
            if (failure == null) {
                failure = deleting;
            } else {
                failure.addSuppressed(deleting);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
