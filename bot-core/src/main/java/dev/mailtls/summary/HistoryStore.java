package dev.mailtls.summary;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where runs of target groups are kept: embedded H2 under the data directory by default,
 * PostgreSQL when configured. Implementations are safe to share between threads and between
 * several servers on one database. An operation the database cannot do throws {@link
 * HistoryUnavailableException}.
 */
public interface HistoryStore extends AutoCloseable {

    /** Saves a run with its snapshots and cards; returns it with its id. */
    GroupRun save(GroupRun run);

    /** The newest run of a group, with its cards. */
    Optional<GroupRun> latest(String group);

    /** The newest runs of a group, newest first, snapshots only (no cards). */
    List<GroupRun> history(String group, int limit);

    /**
     * When the group's newest run with {@code trigger} ({@code schedule}, {@code api}, ...) started,
     * if the history still has one: however many runs of other triggers came after it.
     */
    default Optional<Instant> lastStarted(String group, String trigger) {
        return history(group, Integer.MAX_VALUE).stream()
                .filter(r -> r.trigger().equals(trigger))
                .map(GroupRun::startedAt)
                .findFirst();
    }

    /** Deletes runs that started before {@code cutoff}; returns how many. */
    int pruneBefore(Instant cutoff);

    /**
     * Claims one scheduled run: the first caller for {@code (group, slot)} gets true, every other
     * caller (another replica, or this one after a restart) gets false, so each scheduled run is
     * posted exactly once.
     *
     * @param slot the schedule's time for this run (not the wall clock), e.g. 08:00:00 Europe/Berlin
     * @param owner who claims, for the logs (host and process)
     */
    boolean claimSlot(String group, Instant slot, String owner);

    /**
     * Takes over a slot that was claimed before {@code staleBefore} and never posted (its server
     * stopped mid-run); only one caller wins.
     */
    boolean reclaimSlot(String group, Instant slot, String owner, Instant staleBefore);

    /** Records that the summary of a claimed slot was posted. */
    void markPosted(String group, Instant slot);

    /**
     * Claimed slots whose summary was never posted (a replica stopped mid-run), oldest first, so a
     * restart finishes them instead of losing or repeating them.
     */
    List<Instant> unpostedSlots(String group);

    /**
     * Why the store cannot be used now (e.g. "the history database at ... does not answer"), or
     * empty when it answers. Readiness asks it; implementations bound the check and may cache its
     * answer for a few seconds, so asking often costs nothing.
     */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    void close();
}
