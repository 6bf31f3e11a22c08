package dev.mailtls.retry;

import java.time.Duration;

/** Waits, as a rate limit or a backoff asks; tests pass one that records (or advances a clock) instead. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    /** {@link Thread#sleep(Duration)}: on a virtual thread this parks without holding a carrier. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
