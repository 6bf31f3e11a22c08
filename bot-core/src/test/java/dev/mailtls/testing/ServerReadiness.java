package dev.mailtls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Free ports before an external server starts, and waiting until it listens. */
final class ServerReadiness {

    private static final Duration POLL = Duration.ofMillis(50);

    /** A check run while waiting: throws, with the server's own words, once it has died. */
    @FunctionalInterface
    interface LivenessCheck {
        void check() throws IOException;
    }

    private ServerReadiness() {}

    /** {@code count} distinct free ports on {@code host}, all held at once and then released. */
    static int[] freePorts(String host, int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress address = InetAddress.getByName(host);
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(address, 0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free ports on " + host, e);
        } finally {
            sockets.forEach(LoopbackAcceptor::closeQuietly);
        }
    }

    /** Returns once every port accepts a connection; fails after {@code timeout} or when {@code alive} does. */
    static void awaitPorts(String host, List<Integer> ports, Duration timeout, LivenessCheck alive) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int port : ports) {
            while (!accepts(host, port)) {
                alive.check();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(host + ":" + port + " not accepting after " + timeout);
                }
                pause();
            }
        }
    }

    /** Returns once {@code file} exists (a Unix socket, say). */
    static void awaitFile(Path file, Duration timeout, LivenessCheck alive) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            alive.check();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(file + " did not appear within " + timeout);
            }
            pause();
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server to start", e);
        }
    }
}
