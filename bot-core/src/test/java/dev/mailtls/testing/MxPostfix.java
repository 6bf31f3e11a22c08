package dev.mailtls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * One private Postfix ({@code postfix -c DIR start}) whose smtpd listens on port 25 of several
 * loopback addresses, one listener per MX host, each with its own certificate: MX hosts as a
 * domain check meets them (STARTTLS offered, nothing delivered, every recipient rejected).
 *
 * <p>Postfix binds {@code 127.0.0.x:25} from master.cf only with {@code inet_interfaces = all}.
 * Needs root (port 25, and Postfix's master drops privileges itself). Tests call {@link
 * #assumeAvailable()} first; with {@value RealMailServers#REQUIRE_PROPERTY} (CI) a missing Postfix
 * fails instead of skipping.
 */
public final class MxPostfix implements AutoCloseable {

    /** The port every listener binds: an MX host's. */
    public static final int PORT = 25;

    private static final Duration COMMAND_WAIT = Duration.ofSeconds(60);
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    /**
     * One MX host: the loopback address its smtpd binds on port 25, the name it greets with, and the
     * certificate (chain and key) it presents after STARTTLS.
     */
    public record Listener(String address, String name, TestPki.Issued certificate) {
        public Listener {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(certificate, "certificate");
            if (!address.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
                throw new IllegalArgumentException("an MX listener binds an IPv4 loopback address, not " + address);
            }
        }
    }

    private final Path directory;
    private final Path configDirectory;
    private final Path queueDirectory;
    private final List<Listener> listeners;

    private MxPostfix(Path directory, List<Listener> listeners) {
        this.directory = directory;
        this.configDirectory = directory.resolve("etc");
        this.queueDirectory = directory.resolve("queue");
        this.listeners = List.copyOf(listeners);
    }

    /** Skips the calling test when Postfix cannot run here, or fails it when CI requires interop tests. */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        if (!reason.isEmpty() && Boolean.getBoolean(RealMailServers.REQUIRE_PROPERTY)) {
            Assertions.fail("-D" + RealMailServers.REQUIRE_PROPERTY + "=true, but Postfix cannot run here: " + reason
                    + ". .ci/run installs it (apt-get install postfix) and runs the build as root.");
        }
        Assumptions.assumeTrue(reason.isEmpty(), () -> "Postfix MX interop skipped: " + reason);
    }

    private static String unavailableReason() {
        if (!Files.isExecutable(Path.of("/usr/sbin/postfix"))) {
            return "not installed: /usr/sbin/postfix";
        }
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid) ? "" : "not running as root (uid " + uid + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot tell whether this runs as root: " + e;
        }
    }

    /** Writes the configuration and certificates, starts Postfix, and returns once every listener accepts. */
    public static MxPostfix start(TestPki pki, List<Listener> listeners) {
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("an MX Postfix needs at least one listener");
        }
        Path directory;
        try {
            directory = Files.createTempDirectory(Path.of("/tmp"), "mailtls-mxs-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for Postfix under /tmp", e);
        }
        MxPostfix postfix = new MxPostfix(directory, listeners);
        try {
            postfix.configureAndStart(pki);
            return postfix;
        } catch (IOException | RuntimeException e) {
            try {
                postfix.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot start Postfix in " + directory, io)
                    : (RuntimeException) e;
        }
    }

    private void configureAndStart(TestPki pki) throws IOException {
        for (Listener l : listeners) {
            // A server left over on the address would answer in place of this one, with other certificates.
            try (Socket taken = new Socket()) {
                taken.connect(new InetSocketAddress(l.address(), PORT), 1000);
                throw new IllegalStateException(l.address() + ":" + PORT
                        + " already accepts connections (a Postfix left running?); stop it first");
            } catch (IOException free) {
                // nothing listens there: the address is ours
            }
        }
        Files.createDirectories(configDirectory);
        Files.createDirectories(queueDirectory);
        Path data = Files.createDirectories(directory.resolve("data"));
        Files.setOwner(
                data, directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix"));
        Path tls = Files.createDirectories(directory.resolve("tls"));
        StringBuilder master = new StringBuilder("# service type private unpriv chroot wakeup maxproc command\n");
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            Path chain = tls.resolve(i + "-chain.pem");
            Path key = tls.resolve(i + "-key.pem");
            pki.writePem(l.certificate(), chain, key);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            master.append("%s:%d inet n - n - - smtpd -o myhostname=%s -o smtpd_tls_chain_files=%s,%s\n"
                    .formatted(l.address(), PORT, l.name(), key, chain));
        }
        master.append("""
                cleanup unix n - n - 0 cleanup
                qmgr unix n - n 300 1 qmgr
                tlsmgr unix - - n 1000? 1 tlsmgr
                rewrite unix - - n - - trivial-rewrite
                bounce unix - - n - 0 bounce
                defer unix - - n - 0 bounce
                trace unix - - n - 0 bounce
                verify unix - - n - 1 verify
                flush unix n - n 1000? 0 flush
                proxymap unix - - n - - proxymap
                anvil unix - - n - 1 anvil
                scache unix - - n - 1 scache
                error unix - - n - - error
                retry unix - - n - - error
                discard unix - - n - - discard
                postlog unix-dgram n - n - 1 postlogd
                """);
        Path firstKey = tls.resolve("0-key.pem");
        Path firstChain = tls.resolve("0-chain.pem");
        Files.writeString(configDirectory.resolve("main.cf"), """
                # Generated by mailtls's MxPostfix for one test run: receives nothing, delivers nothing.
                compatibility_level = 3.6
                queue_directory = %s
                data_directory = %s
                mail_owner = postfix
                setgid_group = postdrop
                myhostname = mx.mailtls.test
                mydomain = mailtls.test
                myorigin = $myhostname
                mydestination =
                # Postfix binds 127.0.0.x:25 from master.cf only with "all" (a list of loopback
                # addresses fails "postfix check" with the error only in syslog).
                inet_interfaces = all
                inet_protocols = ipv4
                mynetworks = 127.0.0.0/8
                alias_maps =
                alias_database =
                local_recipient_maps =
                default_transport = error:mailtls test server delivers nothing
                local_transport = error:mailtls test server delivers nothing
                relay_transport = error:mailtls test server delivers nothing
                smtpd_relay_restrictions = reject
                smtpd_recipient_restrictions = reject
                smtpd_banner = $myhostname ESMTP mailtls test
                biff = no
                maillog_file = %s
                maillog_file_prefixes = %s
                smtpd_tls_chain_files = %s, %s
                smtpd_tls_security_level = may
                # A healthy MX today: TLS 1.2 and 1.3 only (Debian's default still accepts 1.0 and 1.1).
                smtpd_tls_protocols = >=TLSv1.2
                smtpd_tls_mandatory_protocols = >=TLSv1.2
                smtpd_tls_loglevel = 1
                """.formatted(
                        queueDirectory, data, log(), directory, firstKey, firstChain));
        Files.writeString(configDirectory.resolve("master.cf"), master.toString());
        ExternalCommand check = postfix("check");
        if (check.exitCode() != 0 || !check.output().isBlank()) {
            throw new IllegalStateException("postfix check on " + configDirectory + " is not clean: " + check.output());
        }
        postfix("start").requireSuccess();
        for (Listener l : listeners) {
            ServerReadiness.awaitPorts(l.address(), List.of(PORT), START_WAIT, () -> {
                if (master().isEmpty()) {
                    throw new IllegalStateException("Postfix exited: " + readLog());
                }
            });
        }
    }

    public List<Listener> listeners() {
        return listeners;
    }

    /** Postfix's log (maillog_file), for a failing test's message. */
    public Path log() {
        return directory.resolve("postfix.log");
    }

    private String readLog() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private ExternalCommand postfix(String command) {
        return ExternalCommand.run(COMMAND_WAIT, "/usr/sbin/postfix", "-c", configDirectory.toString(), command);
    }

    private Optional<ProcessHandle> master() {
        Path pidFile = queueDirectory.resolve("pid/master.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessTree::running);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Every process of this Postfix running now. */
    public List<ProcessHandle> processes() {
        return master().map(ProcessTree::of).orElse(List.of());
    }

    /** {@code postfix stop}, waits for its processes (kills stragglers by PID), deletes the directory. */
    @Override
    public void close() {
        RuntimeException failure = null;
        List<ProcessHandle> tree = processes();
        if (!tree.isEmpty()) {
            ExternalCommand stop = postfix("stop");
            if (!ProcessTree.awaitGone(tree, STOP_WAIT)) {
                failure = new IllegalStateException("Postfix processes still running " + STOP_WAIT
                        + " after postfix stop (" + stop.output().strip() + "), killed: "
                        + ProcessTree.killRemaining(tree));
            }
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

    /** The addresses, for messages. */
    @Override
    public String toString() {
        List<String> at = new ArrayList<>();
        listeners.forEach(l -> at.add(l.address() + ":" + PORT + " " + l.name()));
        return "MxPostfix" + at;
    }
}
