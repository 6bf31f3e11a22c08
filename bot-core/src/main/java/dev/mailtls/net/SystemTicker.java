package dev.mailtls.net;

import java.time.Duration;

/** {@link Ticker#SYSTEM}: {@link System#nanoTime()}, and sleeps until the time asked for. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public void awaitNanos(long when) throws InterruptedException {
        // A sleep may end a little early on some timers: sleep again for what is left.
        for (long left = when - System.nanoTime(); left > 0; left = when - System.nanoTime()) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }
}
