package dev.mailtls.internal.io;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads that do a probe's blocking socket I/O beside its main conversation (the early
 * checks, the enumerator's offers): virtual threads by default, platform daemon threads in a
 * one-shot command-line run.
 *
 * <p>Why: a virtual thread's socket I/O starts the JDK's poller threads, which sit in native
 * {@code epoll_wait}; when the JVM exits it waits up to 300 ms for threads in native code to come
 * to rest ({@code VM_Exit::wait_for_threads_in_native_to_block}), so every {@code mailtls probe}
 * paid 300 ms after its answer was printed. A command-line run makes a handful of connections at
 * once and needs no virtual threads; a server keeps them, for thousands of probes at once.
 */
public final class IoThreads {
    private static volatile boolean platform;

    private IoThreads() {}

    /** From now on, platform daemon threads: for a process that runs one command and exits. */
    public static void usePlatformThreads() {
        platform = true;
    }

    /** Back to virtual threads: for the test that flips the switch, so the tests after it run as before. */
    static void useVirtualThreads() {
        platform = false;
    }

    /** Whether {@link #usePlatformThreads} was called. */
    public static boolean platform() {
        return platform;
    }

    /** Starts {@code task} on a thread of its own named {@code name}. */
    public static Thread start(String name, Runnable task) {
        return platform
                ? Thread.ofPlatform().name(name).daemon(true).start(task)
                : Thread.ofVirtual().name(name).start(task);
    }

    /** An executor with a new thread per task; closing it waits for them. */
    public static ExecutorService perTask() {
        return platform
                ? Executors.newThreadPerTaskExecutor(
                        Thread.ofPlatform().name("mailtls-io-", 0).daemon(true).factory())
                : Executors.newVirtualThreadPerTaskExecutor();
    }
}
