package dev.mailtls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A private Postfix and Dovecot from Debian's packages, on free ports of {@value #HOST}, with
 * generated configuration in a temporary directory and the given certificate chain and key.
 *
 * <p>Postfix: {@link Ports#smtp()} like port 25 (STARTTLS offered, no AUTH), {@link
 * Ports#submission()} like 587 (TLS required before anything, SASL AUTH through Dovecot after
 * TLS), {@link Ports#smtps()} like 465 (implicit TLS, AUTH). Dovecot: IMAP and POP3 with STARTTLS
 * ({@link Ports#imap()}, {@link Ports#pop3()}) and implicit TLS ({@link Ports#imaps()}, {@link
 * Ports#pop3s()}), plaintext login refused before TLS. One user: {@value #USER} / {@value
 * #PASSWORD}.
 *
 * <p>The servers listen on {@value #HOST}, not 127.0.0.1: clients connect from 127.0.0.1, and
 * Dovecot treats a connection whose two ends share an address as secure, which would let
 * plaintext logins through and hide LOGINDISABLED.
 *
 * <p>Needs root (Postfix's master and Dovecot drop privileges themselves). Tests call {@link
 * #assumeAvailable()} first.
 */
public final class RealMailServers implements AutoCloseable {

    /** The loopback address every listener binds. */
    public static final String HOST = "127.0.0.2";

    /** The one mailbox user, for IMAP, POP3 and SMTP AUTH. */
    public static final String USER = "probe";

    /** {@link #USER}'s password. */
    public static final String PASSWORD = "mailtls-Secret-1";

    /** The system property CI sets so that missing servers fail instead of skipping. */
    public static final String REQUIRE_PROPERTY = "mailtls.requireInterop";

    private static final Duration START_WAIT = Duration.ofSeconds(30);

    /**
     * The ports on {@link #HOST}. {@code legacySmtp} (STARTTLS) and {@code legacySmtps} (implicit
     * TLS) are Postfix listeners that speak only TLS 1.0 and 1.1, as a server that was never updated.
     */
    public record Ports(
            int smtp,
            int submission,
            int smtps,
            int imap,
            int imaps,
            int pop3,
            int pop3s,
            int legacySmtp,
            int legacySmtps) {

        List<Integer> all() {
            return List.of(smtp, submission, smtps, imap, imaps, pop3, pop3s, legacySmtp, legacySmtps);
        }
    }

    private final Path directory;
    private final Ports ports;
    private @Nullable DovecotInstance dovecot;
    private @Nullable PostfixInstance postfix;

    private RealMailServers(Path directory, Ports ports) {
        this.directory = directory;
        this.ports = ports;
    }

    /** Whether Postfix and Dovecot are installed and this JVM runs as root. */
    public static boolean available() {
        return unavailableReason().isEmpty();
    }

    /**
     * Skips the calling test when the servers cannot run here, or fails it when {@value
     * #REQUIRE_PROPERTY} is true (as in CI, where a skip would hide that interop never ran).
     */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        if (!reason.isEmpty() && Boolean.getBoolean(REQUIRE_PROPERTY)) {
            Assertions.fail("-D" + REQUIRE_PROPERTY + "=true, but Postfix and Dovecot cannot run here: " + reason
                    + ". .ci/run installs them (apt-get install postfix dovecot-core dovecot-imapd"
                    + " dovecot-pop3d) and runs the build as root.");
        }
        Assumptions.assumeTrue(reason.isEmpty(), () -> "Postfix/Dovecot interop skipped: " + reason);
    }

    private static String unavailableReason() {
        List<String> missing = Stream.of("/usr/sbin/postfix", "/usr/sbin/dovecot")
                .filter(binary -> !Files.isExecutable(Path.of(binary)))
                .toList();
        if (!missing.isEmpty()) {
            return "not installed: " + String.join(", ", missing);
        }
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid) ? "" : "not running as root (uid " + uid + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot tell whether this runs as root: " + e;
        }
    }

    /**
     * Starts Dovecot, then Postfix (whose SASL needs Dovecot's auth socket), with copies of the
     * given PEM files; returns once every port accepts connections.
     */
    public static RealMailServers start(Path chainPem, Path keyPem) {
        Path directory;
        try {
            // Under /tmp, not java.io.tmpdir: Unix socket paths must stay short (108 bytes).
            directory = Files.createTempDirectory(Path.of("/tmp"), "mailtls-mx-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for Postfix and Dovecot under /tmp", e);
        }
        int[] p = ServerReadiness.freePorts(HOST, 9);
        RealMailServers servers =
                new RealMailServers(directory, new Ports(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]));
        try {
            servers.startBoth(chainPem, keyPem);
            return servers;
        } catch (IOException | RuntimeException e) {
            try {
                servers.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot start Postfix and Dovecot in " + directory, io)
                    : (RuntimeException) e;
        }
    }

    private void startBoth(Path chainPem, Path keyPem) throws IOException {
        Path tls = Files.createDirectories(directory.resolve("tls"));
        Path chain = Files.copy(chainPem, tls.resolve("chain.pem"), StandardCopyOption.REPLACE_EXISTING);
        Path key = Files.copy(keyPem, tls.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        Path dovecotDirectory = Files.createDirectories(directory.resolve("dovecot"));
        DovecotInstance dovecot = DovecotInstance.start(dovecotDirectory, chain, key, ports);
        this.dovecot = dovecot;
        ServerReadiness.awaitPorts(
                HOST,
                List.of(ports.imap(), ports.imaps(), ports.pop3(), ports.pop3s()),
                START_WAIT,
                dovecot::requireRunning);
        ServerReadiness.awaitFile(DovecotInstance.authSocket(dovecotDirectory), START_WAIT, dovecot::requireRunning);

        Path postfixDirectory = Files.createDirectories(directory.resolve("postfix"));
        this.postfix = PostfixInstance.start(
                postfixDirectory, chain, key, DovecotInstance.authSocket(dovecotDirectory), ports);
        ServerReadiness.awaitPorts(
                HOST,
                List.of(ports.smtp(), ports.submission(), ports.smtps(), ports.legacySmtp(), ports.legacySmtps()),
                START_WAIT,
                () -> {});
    }

    /** The address to connect to: {@value #HOST}. */
    public String host() {
        return HOST;
    }

    public Ports ports() {
        return ports;
    }

    /** Postfix's log (maillog_file), for a failing test's message. */
    public Path postfixLog() {
        return PostfixInstance.log(directory.resolve("postfix"));
    }

    /** Dovecot's log_path. */
    public Path dovecotLog() {
        return DovecotInstance.log(directory.resolve("dovecot"));
    }

    /** Every Postfix and Dovecot process of these instances running now. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        if (postfix != null) {
            all.addAll(postfix.processes());
        }
        if (dovecot != null) {
            all.addAll(dovecot.processes());
        }
        return all;
    }

    /** Stops Postfix, then Dovecot, by their PIDs, waits for every process, and deletes the directory. */
    @Override
    public void close() {
        RuntimeException failure = null;
        // Postfix first: its idle smtpd processes hold Dovecot's auth socket open, and Dovecot's
        // auth process waits for them before it exits.
        List<AutoCloseable> instances = new ArrayList<>();
        if (postfix != null) {
            instances.add(postfix);
        }
        if (dovecot != null) {
            instances.add(dovecot);
        }
        postfix = null;
        dovecot = null;
        for (AutoCloseable instance : instances) {
            try {
                instance.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping the servers in " + directory + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            if (failure == null) {
                failure = new UncheckedIOException("cannot delete " + directory, e);
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
