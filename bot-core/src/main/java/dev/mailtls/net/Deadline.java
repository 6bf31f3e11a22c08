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

    /** The smaller of {@code cap} and the time left, in milliseconds, at least 1 (0 means "forever" to sockets). */
    public int timeoutMillis(Duration cap) {
        long ms = Math.min(cap.toMillis(), remaining().toMillis());
        return (int) Math.max(1, Math.min(ms, Integer.MAX_VALUE));
    }
}
