package dev.mailtls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The accept loop both fixture servers share: binds 127.0.0.1 on a free port, serves each
 * connection on its own virtual thread, bounds every connection's lifetime, and closes everything
 * on {@link #close()}.
 */
final class LoopbackAcceptor implements AutoCloseable {

    /** What a server does with one accepted connection; the acceptor closes the socket afterwards. */
    @FunctionalInterface
    interface Handler {
        void serve(Socket socket) throws IOException, InterruptedException;
    }

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Handler handler;
    private final Duration connectionLifetime;
    private final ServerSocket serverSocket;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    LoopbackAcceptor(String name, Duration connectionLifetime, Handler handler) {
        this(name, new InetSocketAddress(loopbackAddress(), 0), connectionLifetime, handler);
    }

    /** Binds {@code at} instead: a loopback address and a fixed port ({@code 127.0.0.21:443}, say). */
    LoopbackAcceptor(String name, InetSocketAddress at, Duration connectionLifetime, Handler handler) {
        if (!at.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException(name + ": only loopback addresses, not " + at);
        }
        if (connectionLifetime.isNegative() || connectionLifetime.isZero()) {
            throw new IllegalArgumentException("connectionLifetime must be positive, was " + connectionLifetime);
        }
        this.name = name;
        this.handler = handler;
        this.connectionLifetime = connectionLifetime;
        try {
            this.serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            serverSocket.bind(at, 50);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot bind " + at, e);
        }
        this.threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(name + "-", 0).factory());
        threads.execute(this::acceptLoop);
    }

    private static InetAddress loopbackAddress() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return; // close() closed the server socket
            }
            connections.incrementAndGet();
            open.add(socket);
            try {
                threads.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket);
                return;
            }
        }
    }

    private void serve(Socket socket) {
        // A client that never gives up must not keep a test (or this server) alive: the watchdog
        // closes the socket, which unblocks any read, write or handshake in progress.
        Thread watchdog = Thread.ofVirtual().name(name + "-watchdog").start(() -> {
            try {
                Thread.sleep(connectionLifetime);
                closeQuietly(socket);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            socket.setSoTimeout((int) connectionLifetime.toMillis());
            if (!closed) {
                handler.serve(socket);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The client left, the lifetime ran out, or close() ran: each simply ends this connection.
        } finally {
            watchdog.interrupt();
            open.remove(socket);
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        open.forEach(LoopbackAcceptor::closeQuietly);
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        name + " on port " + port() + ": connections still running after " + CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed or broken: nothing left to release.
        }
    }
}
