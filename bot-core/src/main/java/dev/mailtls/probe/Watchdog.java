package dev.mailtls.probe;

import dev.mailtls.internal.io.Deadline;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Closes every socket of a probe when its deadline passes, whatever phase is stuck: a tarpit that
 * sends one byte a second never trips a read timeout, but it cannot outlive the deadline. It waits
 * on the deadline's ticker, so a test's fake ticker fires it without real waiting.
 */
final class Watchdog implements AutoCloseable {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread timer;
    private volatile boolean fired;

    Watchdog(Deadline deadline) {
        timer = Thread.ofVirtual().name("mailtls-watchdog").start(() -> {
            try {
                deadline.awaitExpiry();
            } catch (InterruptedException e) {
                return;
            }
            fired = true;
            closeAll();
        });
    }

    <S extends Socket> S watch(S socket) {
        sockets.add(socket);
        if (fired) {
            closeAll();
        }
        return socket;
    }

    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        timer.interrupt();
        closeAll();
    }

    private void closeAll() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing is all we can do.
            }
        }
    }
}
