package dev.mailtls.net;

/**
 * The probe engine's monotonic time: deadlines, phase timings and the watchdog all read this one
 * seam. {@link #SYSTEM} is {@link System#nanoTime()}; a test passes a fake one it advances by hand,
 * so a deadline passes without anyone waiting for it.
 */
public interface Ticker {
    /** The system's monotonic clock; waits are real sleeps. */
    Ticker SYSTEM = SystemTicker.INSTANCE;

    /** Now, in nanoseconds on this ticker's own scale: only differences mean anything. */
    long nanos();

    /**
     * Blocks until {@link #nanos()} reaches {@code when}; returns at once if it already has.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void awaitNanos(long when) throws InterruptedException;
}
