package dev.mailtls.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/**
 * The threads of a probe's further connections: virtual by default (a server runs thousands of
 * probes at once), platform daemon threads once a one-shot process asks, so no virtual-thread poller
 * sits in native code when its JVM exits.
 */
class IoThreadsTest {
    private static List<Boolean> virtualness() throws Exception {
        List<Boolean> seen = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = IoThreads.perTask()) {
            for (int i = 0; i < 3; i++) {
                pool.submit(() -> seen.add(Thread.currentThread().isVirtual()));
            }
        }
        Thread t = IoThreads.start(
                "probe-check", () -> seen.add(Thread.currentThread().isVirtual()));
        t.join();
        if (!t.isVirtual()) {
            seen.add(!t.isDaemon());
        }
        return seen;
    }

    @Test
    void virtualByDefaultPlatformDaemonsForAOneShotProcess() throws Exception {
        assertThat(virtualness()).containsOnly(true).hasSize(4);
        IoThreads.usePlatformThreads();
        try {
            // Every thread a platform thread, and the one started alone a daemon (not non-daemon).
            assertThat(virtualness()).containsOnly(false).hasSize(5);
        } finally {
            IoThreads.useVirtualThreads();
        }
    }
}
