package dev.mailtls.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests that run probes, counted so that closing the server can let them finish: once
 * {@link #close} starts, {@link #enter} refuses new work and readiness turns 503.
 */
final class Drain {
    static final Problem SHUTTING_DOWN =
            Problem.of("draining", "Shutting down", 503, "mailtls is shutting down; retry shortly");

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inProgress = new AtomicInteger();

    /** False once draining: refuse the request. Every true must be followed by {@link #exit}. */
    boolean enter() {
        inProgress.incrementAndGet();
        if (draining.get()) {
            inProgress.decrementAndGet();
            return false;
        }
        return true;
    }

    void exit() {
        inProgress.decrementAndGet();
    }

    boolean draining() {
        return draining.get();
    }

    /**
     * Starts draining and waits up to {@code timeout} for requests in progress.
     *
     * @return how many were still running at the timeout; -1 when already closed
     */
    int close(Duration timeout) {
        if (!draining.compareAndSet(false, true)) {
            return -1;
        }
        long until = System.nanoTime() + timeout.toNanos();
        while (inProgress.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inProgress.get();
    }
}
