package dev.mailtls.internal.io;

import dev.mailtls.net.Ticker;
import java.time.Duration;
import java.util.Objects;

/** A point in monotonic time, on one {@link Ticker}, after which a probe must stop. */
public final class Deadline {
    private final Ticker ticker;
    private final long endNanos;

    private Deadline(Ticker ticker, long endNanos) {
        this.ticker = ticker;
        this.endNanos = endNanos;
    }

    /** {@code budget} from now on the system's monotonic clock. */
    public static Deadline after(Duration budget) {
        return after(budget, Ticker.SYSTEM);
    }

    /** {@code budget} from now on {@code ticker}. */
    public static Deadline after(Duration budget, Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        return new Deadline(ticker, ticker.nanos() + budget.toNanos());
    }

    /** A deadline of its own for a part of the probe: {@code cap} from now, never past this one. */
    public Deadline within(Duration cap) {
        long now = ticker.nanos();
        long left = Math.max(0, endNanos - now);
        return new Deadline(ticker, now + Math.min(cap.toNanos(), left));
    }

    /** The ticker this deadline is measured on. */
    public Ticker ticker() {
        return ticker;
    }

    public Duration remaining() {
        long left = endNanos - ticker.nanos();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean expired() {
        return endNanos - ticker.nanos() <= 0;
    }

    /**
     * Blocks until the deadline has passed on its ticker.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitExpiry() throws InterruptedException {
        ticker.awaitNanos(endNanos);
    }

    /**
     * The smaller of {@code cap} and the time left, in milliseconds, at least 1 (0 means "forever" to
     * sockets). The time left is rounded up, so a read bounded by the deadline times out at or after
     * it, never a fraction of a millisecond before: the failure then reads as the deadline, not as a
     * server that stopped answering.
     */
    public int timeoutMillis(Duration cap) {
        long leftNanos = endNanos - ticker.nanos();
        long leftMillis = leftNanos <= 0 ? 0 : (leftNanos + 999_999) / 1_000_000;
        long ms = Math.min(cap.toMillis(), leftMillis);
        return (int) Math.max(1, Math.min(ms, Integer.MAX_VALUE));
    }
}
