package dev.mailtls.testing;

import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.HistoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every call to the store it wraps: tests override the ones that fail, count or wait. */
public class DelegatingHistoryStore implements HistoryStore {
    private final HistoryStore store;

    public DelegatingHistoryStore(HistoryStore store) {
        this.store = store;
    }

    @Override
    public GroupRun save(GroupRun run) {
        return store.save(run);
    }

    @Override
    public Optional<GroupRun> latest(String group) {
        return store.latest(group);
    }

    @Override
    public List<GroupRun> history(String group, int limit) {
        return store.history(group, limit);
    }

    @Override
    public int pruneBefore(Instant cutoff) {
        return store.pruneBefore(cutoff);
    }

    @Override
    public boolean claimSlot(String group, Instant slot, String owner) {
        return store.claimSlot(group, slot, owner);
    }

    @Override
    public boolean reclaimSlot(String group, Instant slot, String owner, Instant staleBefore) {
        return store.reclaimSlot(group, slot, owner, staleBefore);
    }

    @Override
    public void markPosted(String group, Instant slot) {
        store.markPosted(group, slot);
    }

    @Override
    public List<Instant> unpostedSlots(String group) {
        return store.unpostedSlots(group);
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public Optional<Instant> lastStarted(String group, String trigger) {
        return store.lastStarted(group, trigger);
    }

    @Override
    public Optional<String> unavailableReason() {
        return store.unavailableReason();
    }
}
