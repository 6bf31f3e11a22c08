package dev.mailtls.internal.io;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Closes every socket of a probe (or of an MTA-STS fetch) when its deadline passes, whatever phase is stuck: a tarpit that
 * sends one byte a second never trips a read timeout, but it cannot outlive the deadline. It waits
 * on the deadline's ticker, so a test's fake ticker fires it without real waiting.
 */
public final class Watchdog implements AutoCloseable {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread timer;
    private volatile boolean fired;

    public Watchdog(Deadline deadline) {
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

    /** Closes {@code socket} with the others when the deadline passes (at once if it has). */
    public <S extends Socket> S watch(S socket) {
        sockets.add(socket);
        if (fired) {
            closeAll();
        }
        return socket;
    }

    /** Whether the deadline passed and the sockets were closed. */
    public boolean fired() {
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

    /** Closes {@code s}, ignoring a failure: closing is all there is to do. */
    public static void closeQuietly(@org.jspecify.annotations.Nullable Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing is all there is to do.
        }
    }
}
