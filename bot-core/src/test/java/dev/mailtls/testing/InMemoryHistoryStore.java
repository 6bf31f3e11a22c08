package dev.mailtls.testing;

import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.HistoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A HistoryStore in memory, for tests of what uses one (the JDBC store has its own contract
 * tests). Shared between two schedulers it behaves like one database.
 */
public final class InMemoryHistoryStore implements HistoryStore {
    private record Slot(String owner, Instant claimedAt, boolean posted) {}

    private final List<GroupRun> runs = new ArrayList<>();
    private final Map<String, Slot> slots = new HashMap<>();
    private final java.time.Clock clock;
    private long nextId = 1;

    public InMemoryHistoryStore(java.time.Clock clock) {
        this.clock = clock;
    }

    private static String key(String group, Instant slot) {
        return group + "@" + slot;
    }

    @Override
    public synchronized GroupRun save(GroupRun run) {
        GroupRun saved = run.withId(nextId++);
        runs.add(saved);
        return saved;
    }

    @Override
    public synchronized Optional<GroupRun> latest(String group) {
        return runs.stream()
                .filter(r -> r.group().equals(group))
                .max(Comparator.comparing(GroupRun::startedAt).thenComparing(GroupRun::id));
    }

    @Override
    public synchronized List<GroupRun> history(String group, int limit) {
        return runs.stream()
                .filter(r -> r.group().equals(group))
                .sorted(Comparator.comparing(GroupRun::startedAt)
                        .thenComparing(GroupRun::id)
                        .reversed())
                .limit(limit)
                .map(r -> new GroupRun(
                        r.id(), r.group(), r.startedAt(), r.trigger(), r.snapshots(), Map.of(), r.finishedAt()))
                .toList();
    }

    @Override
    public synchronized int pruneBefore(Instant cutoff) {
        int before = runs.size();
        runs.removeIf(r -> r.startedAt().isBefore(cutoff));
        return before - runs.size();
    }

    @Override
    public synchronized boolean claimSlot(String group, Instant slot, String owner) {
        return slots.putIfAbsent(key(group, slot), new Slot(owner, clock.instant(), false)) == null;
    }

    @Override
    public synchronized boolean reclaimSlot(String group, Instant slot, String owner, Instant staleBefore) {
        Slot s = slots.get(key(group, slot));
        if (s == null || s.posted() || !s.claimedAt().isBefore(staleBefore)) {
            return false;
        }
        slots.put(key(group, slot), new Slot(owner, clock.instant(), false));
        return true;
    }

    @Override
    public synchronized void markPosted(String group, Instant slot) {
        Slot s = slots.get(key(group, slot));
        if (s != null) {
            slots.put(key(group, slot), new Slot(s.owner(), s.claimedAt(), true));
        }
    }

    @Override
    public synchronized List<Instant> unpostedSlots(String group) {
        return slots.entrySet().stream()
                .filter(e -> e.getKey().startsWith(group + "@") && !e.getValue().posted())
                .map(e -> Instant.parse(e.getKey().substring(group.length() + 1)))
                .sorted()
                .toList();
    }

    @Override
    public void close() {}
}
