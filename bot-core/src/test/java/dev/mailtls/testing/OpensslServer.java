package dev.mailtls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code openssl s_server} on a loopback port with chosen versions and suites: a TLS server whose
 * accepted suites the test decides, to hold an enumeration against. Implicit TLS only (no mail
 * protocol is spoken); it answers every connection until closed.
 */
public final class OpensslServer implements AutoCloseable {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private final Process process;
    private final int port;
    private final Path log;

    private OpensslServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static boolean available() {
        return Files.isExecutable(OPENSSL);
    }

    /**
     * Starts {@code openssl s_server} with a certificate from {@code pki} for {@code name} and the
     * given extra arguments ({@code -cipher}, {@code -ciphersuites}, {@code -tls1_2}, …).
     */
    public static OpensslServer start(TestPki pki, TestPki.Issued cert, Path dir, String... args) {
        try {
            Path certFile = dir.resolve("s_server-cert.pem");
            Path keyFile = dir.resolve("s_server-key.pem");
            pki.writePem(cert, certFile, keyFile);
            int port = ServerReadiness.freePorts("127.0.0.1", 1)[0];
            List<String> command = new ArrayList<>(List.of(
                    OPENSSL.toString(),
                    "s_server",
                    "-accept",
                    "127.0.0.1:" + port,
                    "-cert",
                    certFile.toString(),
                    "-key",
                    keyFile.toString(),
                    "-quiet"));
            command.addAll(List.of(args));
            Path log = dir.resolve("s_server-" + port + ".log");
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            OpensslServer server = new OpensslServer(p, port, log);
            server.awaitListening(Duration.ofSeconds(10));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start openssl s_server", e);
        }
    }

    private void awaitListening(Duration wait) throws IOException {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException("openssl s_server stopped: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw new IOException("openssl s_server did not listen on " + port);
    }

    public int port() {
        return port;
    }

    /** What s_server printed, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
