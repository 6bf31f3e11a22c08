package dev.mailtls.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Whether the history database answers now, for readiness: one check (a pooled connection and
 * {@code isValid}) waited for at most {@link #CHECK_TIMEOUT}, its answer kept for {@link
 * #CACHE_FOR} so a readiness probe every second costs one check every few seconds. At most one
 * check runs at a time: one still running when its wait ends (a database that accepts connections
 * and never answers) keeps running, bounded by the pool's connection timeout, and its answer is
 * used once it comes. The lock is never held while waiting (virtual threads).
 */
final class DatabaseHealth {
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CACHE_FOR = Duration.ofSeconds(5);

    private final Supplier<Optional<String>> check;
    private final String description;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Instant checkedAt;
    private Optional<String> last = Optional.empty();
    private @Nullable CompletableFuture<Optional<String>> running;

    /**
     * @param check empty when the database answers, else why not; it must not throw
     * @param description the database, for the timeout's reason, e.g. "the history database at URL"
     */
    DatabaseHealth(Supplier<Optional<String>> check, String description, Clock clock) {
        this.check = check;
        this.description = description;
        this.clock = clock;
    }

    /** Empty when the database answered its latest check, else why not. */
    Optional<String> unavailableReason() {
        CompletableFuture<Optional<String>> pending;
        lock.lock();
        try {
            if (checkedAt != null && clock.instant().isBefore(checkedAt.plus(CACHE_FOR))) {
                return last;
            }
            if (running == null) {
                running = CompletableFuture.supplyAsync(
                        check, r -> Thread.ofVirtual().name("history-health").start(r));
            }
            pending = running;
        } finally {
            lock.unlock();
        }
        Optional<String> answer;
        try {
            answer = pending.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer = Optional.of(description + " did not answer within " + CHECK_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = Optional.of("interrupted while checking " + description);
        } catch (ExecutionException e) {
            answer = Optional.of(description + " cannot be checked: " + e.getCause());
        }
        lock.lock();
        try {
            if (running == pending && pending.isDone()) {
                running = null;
            }
            checkedAt = clock.instant();
            last = answer;
        } finally {
            lock.unlock();
        }
        return answer;
    }
}
