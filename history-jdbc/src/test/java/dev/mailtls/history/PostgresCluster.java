package dev.mailtls.history;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private PostgreSQL 15 cluster from Debian's {@code postgresql} package, on a free port of
 * 127.0.0.1, with trust authentication and fsync off, in a temporary directory. Started once per
 * test JVM (JUnit's root store) and stopped with {@code pg_ctl -m fast} when the run ends.
 *
 * <p>When the binaries are missing the tests are skipped, unless {@value #REQUIRE_PROPERTY} is true
 * (CI), where they fail and say to install {@code postgresql}.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String REQUIRE_PROPERTY = "mailtls.requireInterop";
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String HOST = "127.0.0.1";
    public static final String SUPERUSER = "postgres";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Registers on a test class: starts the shared cluster before its tests, or skips them. */
    public static final class Extension implements BeforeAllCallback {

        private static final ExtensionContext.Namespace NAMESPACE =
                ExtensionContext.Namespace.create(PostgresCluster.class);

        private @Nullable PostgresCluster cluster;

        @Override
        public void beforeAll(ExtensionContext context) {
            assumeAvailable();
            cluster = context.getRoot()
                    .getStore(NAMESPACE)
                    .computeIfAbsent(PostgresCluster.class, key -> start(), PostgresCluster.class);
        }

        public PostgresCluster cluster() {
            if (cluster == null) {
                throw new IllegalStateException("the PostgreSQL cluster starts in beforeAll");
            }
            return cluster;
        }
    }

    static void assumeAvailable() {
        String reason = unavailableReason();
        if (!reason.isEmpty() && Boolean.getBoolean(REQUIRE_PROPERTY)) {
            fail("-D" + REQUIRE_PROPERTY + "=true, but PostgreSQL cannot run here: " + reason
                    + ". Install it (apt-get install postgresql, with a policy-rc.d that keeps Debian's own"
                    + " cluster down, as .ci/run does).");
        }
        Assumptions.assumeTrue(reason.isEmpty(), () -> "PostgreSQL tests skipped: " + reason);
    }

    private static String unavailableReason() {
        List<String> missing = Stream.of("initdb", "pg_ctl", "postgres")
                .map(BIN::resolve)
                .filter(binary -> !Files.isExecutable(binary))
                .map(Path::toString)
                .toList();
        return missing.isEmpty() ? "" : "not installed: " + String.join(", ", missing);
    }

    private static PostgresCluster start() {
        long began = System.nanoTime();
        Path directory;
        try {
            // Under /tmp, not java.io.tmpdir: the Unix socket's path must stay short (108 bytes).
            directory = Files.createTempDirectory(Path.of("/tmp"), "mailtls-pg-");
            if (runningAsRoot()) {
                UserPrincipal postgres = directory
                        .getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByName(SUPERUSER);
                Files.setOwner(directory, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory for PostgreSQL under /tmp", e);
        }
        Path data = directory.resolve("data");
        run(
                BIN.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync");
        long initialised = System.nanoTime();
        String lastFailure = "";
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            Result started = runUnchecked(
                    BIN.resolve("pg_ctl").toString(),
                    "-D",
                    data.toString(),
                    "-l",
                    directory.resolve("postgresql.log").toString(),
                    "-w",
                    "-t",
                    "30",
                    "-o",
                    "-c listen_addresses=" + HOST + " -p " + port + " -k " + directory + " -c fsync=off",
                    "start");
            if (started.exitCode() == 0) {
                PostgresCluster cluster = new PostgresCluster(directory, port);
                System.err.printf(
                        "PostgreSQL 15 on %s:%d: initdb %d ms, start %d ms%n",
                        HOST,
                        port,
                        TimeUnit.NANOSECONDS.toMillis(initialised - began),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - initialised));
                return cluster;
            }
            // Another process may have taken the port between the probe and the start.
            lastFailure = started.output() + log(directory);
        }
        deleteTree(directory);
        throw new IllegalStateException("PostgreSQL did not start in " + START_ATTEMPTS + " attempts: " + lastFailure);
    }

    /** A new, empty database in this cluster; its JDBC URL. */
    public String createDatabase() {
        String name = "history_" + databases.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(url("postgres"), SUPERUSER, null);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on port " + port, e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    @Override
    public void close() {
        long began = System.nanoTime();
        try {
            run(
                    BIN.resolve("pg_ctl").toString(),
                    "-D",
                    directory.resolve("data").toString(),
                    "-m",
                    "fast",
                    "-w",
                    "stop");
            System.err.printf(
                    "PostgreSQL 15 on %s:%d stopped in %d ms%n",
                    HOST, port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        } finally {
            deleteTree(directory);
        }
    }

    private record Result(int exitCode, String output) {}

    private static void run(String... command) {
        Result result = runUnchecked(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " exited with " + result.exitCode() + ": " + result.output());
        }
    }

    /**
     * util-linux's runuser lives in /usr/sbin, which a user's PATH may lack (a login shell of a
     * normal user, or a PATH trimmed to /usr/bin:/bin): found there first, by name otherwise.
     */
    private static final String RUNUSER = java.util.stream.Stream.of("/usr/sbin/runuser", "/sbin/runuser")
            .filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst()
            .orElse("runuser");

    /** Runs a PostgreSQL binary, as the postgres user when this JVM runs as root (initdb and pg_ctl refuse root). */
    private static Result runUnchecked(String... command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of(RUNUSER, "-u", SUPERUSER, "--"));
        }
        full.addAll(List.of(command));
        try {
            Path output = Files.createTempFile("mailtls-pg-", ".out");
            try {
                Process process = new ProcessBuilder(full)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .directory(Path.of("/tmp").toFile())
                        .start();
                if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, "still running after " + COMMAND_TIMEOUT);
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", full), e);
        }
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static String log(Path directory) {
        try {
            return "; log: " + Files.readString(directory.resolve("postgresql.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "; no log: " + e;
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + directory + ": " + e);
        }
    }
}
