package dev.mailtls.domain;

import dev.mailtls.internal.io.Deadline;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Closes a fetch's sockets when its deadline passes, whatever step is stuck: a server that sends
 * one byte a second never trips a read timeout, but it cannot outlive the deadline.
 */
final class SocketGuard implements AutoCloseable {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread timer;
    private volatile boolean fired;

    SocketGuard(Deadline deadline) {
        timer = Thread.ofVirtual().name("mailtls-mta-sts-deadline").start(() -> {
            try {
                deadline.awaitExpiry();
            } catch (InterruptedException e) {
                return;
            }
            fired = true;
            sockets.forEach(SocketGuard::closeQuietly);
        });
    }

    <S extends Socket> S watch(S socket) {
        sockets.add(socket);
        if (fired) {
            closeQuietly(socket);
        }
        return socket;
    }

    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        timer.interrupt();
        sockets.forEach(SocketGuard::closeQuietly);
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing is all there is to do.
        }
    }
}
