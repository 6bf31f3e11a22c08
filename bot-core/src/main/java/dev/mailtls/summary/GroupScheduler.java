package dev.mailtls.summary;

import dev.mailtls.command.UsageException;
import dev.mailtls.net.Printable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs scheduled groups at their cron times and posts their summaries. With several servers on one
 * database, each scheduled run happens once: the server that claims the slot in the {@link
 * HistoryStore} runs and posts it, the others skip it. Closing lets a run in progress post within
 * a drain time. A slot claimed but never posted (its server was killed mid-run) is taken over once
 * it is older than the run budget, so a restart neither loses the summary nor posts it twice.
 */
public final class GroupScheduler implements AutoCloseable {
    /** What one slot came to. */
    public enum Outcome {
        /** Probed, saved and posted (or nothing to post). */
        POSTED,
        /** Probed and saved; {@code only_changes} and nothing changed. */
        UNCHANGED,
        /** Another server claimed the slot. */
        CLAIMED_ELSEWHERE
    }

    /** Sleeps until the next slot; tests pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final List<ScheduledGroup> groups;
    private final GroupRunner runner;
    private final HistoryStore store;
    private final Map<String, Notifier> notifiers;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String owner;
    private final Duration staleAfter;
    private final Consumer<String> log;
    private final @Nullable Duration recheckEvery;
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicLong failedRuns = new AtomicLong();
    private volatile boolean closing;

    /**
     * @param notifiers by kind ({@code slack}, {@code discord}, {@code webhook})
     * @param owner who claims slots, for the logs: host name and process id
     * @param staleAfter a claimed slot not posted after this long is taken over (longer than a run)
     * @param log one line per run, post and failure
     */
    public GroupScheduler(
            List<ScheduledGroup> groups,
            GroupRunner runner,
            HistoryStore store,
            Map<String, Notifier> notifiers,
            Clock clock,
            Sleeper sleeper,
            String owner,
            Duration staleAfter,
            Consumer<String> log) {
        this(groups, runner, store, notifiers, clock, sleeper, owner, staleAfter, null, log);
    }

    /**
     * As above, and every {@code recheckEvery} (real time) one more thread looks for stale slots of
     * every group, so a slot left by a replica killed mid-run is finished by one that keeps running,
     * not only by the next start.
     */
    public GroupScheduler(
            List<ScheduledGroup> groups,
            GroupRunner runner,
            HistoryStore store,
            Map<String, Notifier> notifiers,
            Clock clock,
            Sleeper sleeper,
            String owner,
            Duration staleAfter,
            @Nullable Duration recheckEvery,
            Consumer<String> log) {
        if (recheckEvery != null && (recheckEvery.isNegative() || recheckEvery.isZero())) {
            throw new IllegalArgumentException("recheckEvery must be positive, was " + recheckEvery);
        }
        this.recheckEvery = recheckEvery;
        this.groups = groups.stream().filter(g -> g.schedule() != null).toList();
        this.runner = runner;
        this.store = store;
        this.notifiers = Map.copyOf(notifiers);
        this.clock = clock;
        this.sleeper = sleeper;
        this.owner = owner;
        this.staleAfter = staleAfter;
        this.log = log;
    }

    /** The groups that have a schedule. */
    public List<ScheduledGroup> scheduled() {
        return groups;
    }

    /** One virtual thread per scheduled group: finish stale slots, then wait for each next slot. */
    public void start() {
        for (ScheduledGroup g : groups) {
            workers.add(new Worker("schedule-" + g.name(), w -> loop(g, w)));
        }
        Duration every = recheckEvery;
        if (every != null && !groups.isEmpty()) {
            workers.add(new Worker("schedule-recheck", w -> recheck(every, w)));
        }
        workers.forEach(w -> w.thread.start());
    }

    /**
     * One scheduling thread, and whether it is in a run (probing, saving, posting) or waiting. Closing
     * interrupts the waiting ones at once and gives the ones in a run time to post.
     */
    private static final class Worker {
        final Thread thread;
        private boolean running;

        /** A virtual thread, not started yet, that runs {@code body} with this worker. */
        Worker(String name, Consumer<Worker> body) {
            this.thread = Thread.ofVirtual().name(name).unstarted(() -> body.accept(this));
        }

        /** Enters a run, unless the scheduler is closing. */
        synchronized boolean begin(GroupScheduler s) {
            if (s.closing) {
                return false;
            }
            running = true;
            return true;
        }

        synchronized void end() {
            running = false;
        }

        synchronized boolean running() {
            return running;
        }

        synchronized void interruptIfWaiting() {
            if (!running) {
                thread.interrupt();
            }
        }
    }

    private void recheck(Duration every, Worker w) {
        try {
            while (!closing && !Thread.currentThread().isInterrupted()) {
                Thread.sleep(every);
                for (ScheduledGroup g : groups) {
                    if (!w.begin(this)) {
                        return;
                    }
                    try {
                        recover(g, true);
                    } catch (RuntimeException e) {
                        failed(g, "finishing runs a stopped server left", e);
                    } finally {
                        w.end();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final Map<String, LongAdder> changesPosted = new ConcurrentHashMap<>();

    /** Slots whose run failed (history store, runner), since start: for metrics. */
    public long failedRuns() {
        return failedRuns.get();
    }

    /**
     * Runs each slot in turn. A run that fails (the history database is down, a probe broke) is
     * one log line and one count, and the schedule goes on: the next slot runs as usual, and a
     * slot left claimed but unposted is taken over once stale (at a start, or by the recheck).
     */
    private void loop(ScheduledGroup g, Worker w) {
        try {
            if (!w.begin(this)) {
                return;
            }
            try {
                recover(g);
            } catch (RuntimeException e) {
                failed(g, "finishing runs a stopped server left", e);
            } finally {
                w.end();
            }
            ZonedDateTime after = ZonedDateTime.now(clock);
            while (!closing && !Thread.currentThread().isInterrupted()) {
                ZonedDateTime slot = g.schedule().next(after);
                Duration wait = Duration.between(clock.instant(), slot.toInstant());
                if (!wait.isNegative() && !wait.isZero()) {
                    sleeper.sleep(wait);
                }
                if (!w.begin(this)) {
                    return;
                }
                try {
                    runSlot(g, slot.toInstant());
                } catch (RuntimeException e) {
                    failed(g, "the run of " + slot.toInstant(), e);
                } finally {
                    w.end();
                }
                after = slot;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(ScheduledGroup g, String what, RuntimeException e) {
        failedRuns.incrementAndGet();
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        log.accept("group " + g.name() + ": " + what + " failed, trying again at the next slot: "
                + e.getClass().getSimpleName() + ": " + Printable.of(message, 300));
    }

    /**
     * How many times the periodic look of one server takes over one slot: each takeover claims it
     * again, so a run that keeps failing (not only one whose server was killed) would otherwise run
     * again every {@code staleAfter}, for ever. After that, the slot is left to a server's start.
     */
    static final int RECHECK_TAKEOVERS = 2;

    private final Map<String, Integer> takenOver = new ConcurrentHashMap<>();

    /** Takes over this group's slots that were claimed but never posted and are now stale. */
    public void recover(ScheduledGroup g) throws InterruptedException {
        recover(g, false);
    }

    /** {@link #recover(ScheduledGroup)}; the periodic look takes each slot over a few times at most. */
    private void recover(ScheduledGroup g, boolean periodic) throws InterruptedException {
        Instant staleBefore = clock.instant().minus(staleAfter);
        for (Instant slot : store.unpostedSlots(g.name())) {
            String key = g.name() + "@" + slot;
            if (periodic && takenOver.getOrDefault(key, 0) >= RECHECK_TAKEOVERS) {
                if (takenOver.replace(key, RECHECK_TAKEOVERS, RECHECK_TAKEOVERS + 1)) {
                    log.accept("group " + g.name() + ": the run of " + slot + " was taken over " + RECHECK_TAKEOVERS
                            + " times and never posted; not trying it again until a server starts");
                }
                continue;
            }
            if (store.reclaimSlot(g.name(), slot, owner, staleBefore)) {
                if (periodic) {
                    takenOver.merge(key, 1, Integer::sum);
                }
                log.accept("group " + g.name() + ": finishing the run of " + slot + " that a stopped server left");
                runClaimed(g, slot);
            }
        }
    }

    /** Claims the slot, then runs, saves and posts it; another server's claim means skip. */
    public Outcome runSlot(ScheduledGroup g, Instant slot) throws InterruptedException {
        if (!store.claimSlot(g.name(), slot, owner)) {
            log.accept("group " + g.name() + ": run of " + slot + " claimed by another server");
            return Outcome.CLAIMED_ELSEWHERE;
        }
        return runClaimed(g, slot);
    }

    private Outcome runClaimed(ScheduledGroup g, Instant slot) throws InterruptedException {
        GroupSummary summary;
        try {
            Optional<GroupRun> previous = store.latest(g.name());
            GroupRun run = store.save(runner.run(g.group(), "schedule"));
            summary = GroupSummary.of(run, previous.orElse(null));
        } catch (UsageException e) {
            // Checked at start; a target that stops parsing is a bug worth a loud line, not a crash.
            log.accept("group " + g.name() + ": " + e.getMessage());
            store.markPosted(g.name(), slot);
            return Outcome.UNCHANGED;
        }
        if (g.onlyChanges() && summary.previous() != null && summary.changes().isEmpty()) {
            store.markPosted(g.name(), slot);
            log.accept("group " + g.name() + ": " + summary.run().status().id() + ", nothing changed; not posted");
            return Outcome.UNCHANGED;
        }
        post(g, summary);
        store.markPosted(g.name(), slot);
        return Outcome.POSTED;
    }

    /** Posts to every destination; one that fails is logged and does not stop the others. */
    public void post(ScheduledGroup g, GroupSummary summary) {
        int failed = post(g, summary, notifiers, log);
        if (failed < g.postTo().size()) {
            changesPosted
                    .computeIfAbsent(g.name(), n -> new LongAdder())
                    .add(summary.changes().size());
        }
    }

    /**
     * Changes this server posted for the group since start (in summaries that reached at least one
     * destination): for metrics. Another replica's posts are counted there.
     */
    public long changesPosted(String group) {
        LongAdder n = changesPosted.get(group);
        return n == null ? 0 : n.sum();
    }

    /**
     * Posts a summary to each of the group's destinations with the notifier of its kind.
     *
     * @return how many destinations failed (none configured for the kind, or the post failed)
     */
    public static int post(
            ScheduledGroup g, GroupSummary summary, Map<String, Notifier> notifiers, Consumer<String> log) {
        int failed = 0;
        for (Destination d : g.postTo()) {
            Notifier n = notifiers.get(d.kind());
            if (n == null) {
                log.accept("group " + g.name() + ": no " + d.kind() + " notifier configured for " + d);
                failed++;
                continue;
            }
            try {
                n.post(d.target(), summary);
                log.accept("group " + g.name() + ": " + summary.run().status().id() + ", "
                        + summary.changes().size() + " changes; posted to " + d);
            } catch (IOException | RuntimeException e) {
                log.accept("group " + g.name() + ": posting to " + d + " failed: " + e.getMessage());
                failed++;
            }
        }
        return failed;
    }

    /** Stops at once: waiting threads and runs in progress are interrupted. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops scheduling: threads waiting for a slot stop at once, and a run in progress gets up to
     * {@code drain} to probe, save and post before it is interrupted. An interrupted run leaves its
     * slot claimed and unposted, for another replica to finish once it is stale.
     */
    public void close(Duration drain) {
        closing = true;
        workers.forEach(Worker::interruptIfWaiting);
        long deadline = System.nanoTime() + drain.toNanos();
        try {
            for (Worker w : workers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    w.thread.join(Duration.ofNanos(left));
                }
            }
            for (Worker w : workers) {
                if (w.thread.isAlive() && w.running()) {
                    log.accept("shutting down: interrupting " + w.thread.getName() + ", still running after "
                            + drain.toSeconds() + "s; its slot stays claimed for another server to finish");
                    w.thread.interrupt();
                }
            }
            for (Worker w : workers) {
                w.thread.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
