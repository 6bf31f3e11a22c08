package dev.mailtls.net;

import java.time.Duration;

/** A point in monotonic time after which a probe must stop. */
public final class Deadline {
    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean expired() {
        return endNanos - System.nanoTime() <= 0;
    }

    /**
     * The smaller of {@code cap} and the time left, in milliseconds, at least 1 (0 means "forever" to
     * sockets). The time left is rounded up, so a read bounded by the deadline times out at or after
     * it, never a fraction of a millisecond before: the failure then reads as the deadline, not as a
     * server that stopped answering.
     */
    public int timeoutMillis(Duration cap) {
        long leftNanos = endNanos - System.nanoTime();
        long leftMillis = leftNanos <= 0 ? 0 : (leftNanos + 999_999) / 1_000_000;
        long ms = Math.min(cap.toMillis(), leftMillis);
        return (int) Math.max(1, Math.min(ms, Integer.MAX_VALUE));
    }
}
