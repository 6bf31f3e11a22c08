package dev.mailtls.testing;

import dev.mailtls.net.Ticker;
import java.time.Duration;

/**
 * A {@link Ticker} that stands still until a test advances it. Waiters (the probe's watchdog) wake
 * when an advance reaches the time they wait for, so a deadline passes without real waiting.
 */
public final class FakeTicker implements Ticker {
    private long now;

    /** Starts at an arbitrary, non-zero time: only differences mean anything. */
    public FakeTicker() {
        this(1_000_000_000_000L);
    }

    public FakeTicker(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public synchronized long nanos() {
        return now;
    }

    @Override
    public synchronized void awaitNanos(long when) throws InterruptedException {
        while (now - when < 0) {
            wait();
        }
    }

    /** Moves time on by {@code step} and wakes whoever waits for a time now reached. */
    public synchronized void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a ticker never goes back, step was " + step);
        }
        now += step.toNanos();
        notifyAll();
    }
}
