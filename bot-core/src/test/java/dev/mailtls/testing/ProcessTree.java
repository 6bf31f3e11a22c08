package dev.mailtls.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The processes of one server instance: a root process and its descendants, stopped by PID. */
final class ProcessTree {

    private ProcessTree() {}

    /** {@code root} and every descendant alive now. */
    static List<ProcessHandle> of(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree.stream().filter(ProcessTree::running).toList();
    }

    /**
     * Whether {@code process} still runs. A zombie does not: its parent (often init, after a daemon
     * detached) has just not reaped it yet, and {@link ProcessHandle#isAlive()} counts it alive.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // The state follows the parenthesised command name, which may itself hold spaces.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false; // gone between the two checks
        }
    }

    /** Waits until none of {@code processes} runs; true if that happened within {@code timeout}. */
    static boolean awaitGone(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessTree::running)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Kills whichever of {@code processes} still run (SIGKILL, by the PIDs recorded when this test
     * started them) and returns what they were, for the caller's error message.
     */
    static List<String> killRemaining(List<ProcessHandle> processes) {
        List<ProcessHandle> remaining =
                processes.stream().filter(ProcessTree::running).toList();
        remaining.forEach(ProcessHandle::destroyForcibly);
        awaitGone(remaining, Duration.ofSeconds(5));
        return remaining.stream().map(ProcessTree::describe).toList();
    }

    static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().orElse("?");
    }
}
