package dev.mailtls.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the process holds at one moment, after a GC: platform threads (without the JVM's own
 * elastic pools), virtual threads (from a JSON thread dump), open file descriptors and the sockets
 * among them, and heap in use.
 */
record ResourceSnapshot(List<String> platformThreads, int virtualThreads, int fds, int sockets, long heapUsedBytes) {

    /** Threads the JVM starts and retires on its own schedule: not ours to leak. */
    private static final List<String> JVM_POOLS = List.of(
            "C1 CompilerThread",
            "C2 CompilerThread",
            "ForkJoinPool-", // the virtual-thread scheduler's carriers (idle ones retire after 30 s)
            "ForkJoinPool.commonPool-worker-",
            "Attach Listener");

    /** Collects garbage, then looks. */
    static ResourceSnapshot take() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(Duration.ofMillis(50));
        }
        Set<Long> platformIds = new HashSet<>();
        List<String> names = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> {
                    platformIds.add(t.threadId());
                    return JVM_POOLS.stream().noneMatch(t.getName()::startsWith);
                })
                .map(Thread::getName)
                .sorted()
                .toList();
        int fds = 0;
        int sockets = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : entries.toList()) {
                fds++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException e) {
                    // closed between listing and reading (the listing's own descriptor): not ours
                }
            }
        } catch (IOException e) {
            fds = -1; // no /proc (not Linux): report as unknown
            sockets = -1;
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new ResourceSnapshot(names, virtualThreads(platformIds), fds, sockets, heap);
    }

    /**
     * Virtual threads alive, from a JSON thread dump (the only view that lists them): every thread
     * id in the dump that is not a platform thread.
     */
    private static int virtualThreads(Set<Long> platformIds) {
        try {
            Path dir = Files.createTempDirectory("mailtls-threads");
            Path file = dir.resolve("dump.json");
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                JsonNode containers = new ObjectMapper()
                        .readTree(file.toFile())
                        .path("threadDump")
                        .path("threadContainers");
                Set<Long> virtual = new HashSet<>();
                for (JsonNode container : containers) {
                    for (JsonNode thread : container.path("threads")) {
                        long id = thread.path("tid").asLong();
                        if (!platformIds.contains(id)) {
                            virtual.add(id);
                        }
                    }
                }
                return virtual.size();
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dump threads to count virtual threads", e);
        }
    }

    int platformThreadCount() {
        return platformThreads.size();
    }

    long heapUsedMiB() {
        return heapUsedBytes / (1024 * 1024);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
