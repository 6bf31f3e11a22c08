package dev.mailtls.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mailtls.service.Rate;
import dev.mailtls.service.SharedBudget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The connection budget of every replica on one database (table {@code connect_budget}, migration
 * V6): a token bucket per row, kept as GCRA does, by one number, its theoretical arrival time
 * ({@code tat}) in microseconds. A permit is granted when {@code max(tat, now) + interval - now <=
 * burst} and then {@code tat} moves on by one interval ({@code per / permits}); {@code burst} is
 * {@code permits} intervals, so a full bucket grants {@code permits} at once and refills evenly, as
 * {@link Rate} says. A missing row, or one whose {@code tat} has passed, is a full bucket.
 *
 * <p>One call takes from all its buckets in one transaction, or from none: a bucket that refuses
 * rolls back what the others granted. The conditional UPDATE locks the row, so concurrent replicas
 * see each other's grants (a waiting UPDATE re-checks its condition on the new row). {@code now} is
 * this server's clock: a replica whose clock is behind cannot grant past what a row already holds.
 *
 * <p>Every call is short: its own pool with a {@value #CONNECT_TIMEOUT_MS} ms wait for a
 * connection, a {@value #STATEMENT_TIMEOUT_SECONDS} s timeout on each statement (and on PostgreSQL a
 * socket timeout and a server-side statement timeout), so a database that is down or stuck fails the
 * call within half a second (no connection to be had) to three seconds (a server that stops
 * answering mid-call) instead of holding the probe.
 */
public final class JdbcConnectionBudget implements SharedBudget, AutoCloseable {

    static final long CONNECT_TIMEOUT_MS = 500;
    static final int STATEMENT_TIMEOUT_SECONDS = 1;

    /** Rows whose time passed this long ago are deleted (a full bucket needs no row). */
    static final Duration PRUNE_AFTER = Duration.ofHours(1);

    static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private static final String DUPLICATE_KEY = "23505";
    private static final int ATTEMPTS = 4;
    private static final int POOL_SIZE = 4;

    private final HikariDataSource dataSource;
    private final String url;
    private final Clock clock;
    private final AtomicLong nextPruneMicros = new AtomicLong(Long.MIN_VALUE);

    private JdbcConnectionBudget(HikariDataSource dataSource, String url, Clock clock) {
        this.dataSource = dataSource;
        this.url = url;
        this.clock = clock;
    }

    /**
     * A budget on the database at {@code jdbcUrl}, whose schema is already migrated (the history
     * store migrates it when it opens). Connects lazily: a database that is down now does not stop
     * the server from starting, its calls fail until it is back.
     */
    static JdbcConnectionBudget open(String jdbcUrl, @Nullable String user, @Nullable String password, Clock clock) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        HikariConfig config = new HikariConfig();
        config.setPoolName("mailtls-connect-budget");
        config.setDriverClassName(JdbcUrls.driverClassName(jdbcUrl));
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setValidationTimeout(250);
        // Never fail (or wait) when the pool starts: the first call says whether the database answers.
        config.setInitializationFailTimeout(-1);
        if (!JdbcUrls.isH2(jdbcUrl)) {
            // pgjdbc: give up on a connect or a read that takes longer, even when a cancel cannot reach
            // the server; and have the server end a statement (a lock wait) or an idle transaction.
            config.addDataSourceProperty("connectTimeout", "1");
            config.addDataSourceProperty("socketTimeout", "3");
            config.addDataSourceProperty(
                    "options", "-c statement_timeout=1000 -c idle_in_transaction_session_timeout=5000");
        }
        return new JdbcConnectionBudget(new HikariDataSource(config), JdbcUrls.redact(jdbcUrl), clock);
    }

    @Override
    public Optional<Shortfall> take(List<Bucket> buckets) {
        long now = micros(clock.instant());
        Optional<Shortfall> shortfall;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                shortfall = takeAll(c, buckets, now);
                if (shortfall.isPresent()) {
                    c.rollback();
                } else {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
            // The pool sets auto-commit back when the connection returns.
        } catch (SQLException e) {
            throw failure("take from the connection budget", e);
        }
        pruneNowAndThen(now);
        return shortfall;
    }

    private static Optional<Shortfall> takeAll(Connection c, List<Bucket> buckets, long now) throws SQLException {
        for (Bucket b : buckets) {
            long wait = takeOne(c, b, now);
            if (wait > 0) {
                return Optional.of(new Shortfall(b, Duration.of(wait, ChronoUnit.MICROS)));
            }
        }
        return Optional.empty();
    }

    /** Takes a permit of {@code b} in the transaction of {@code c}: 0 when granted, else the wait in µs. */
    private static long takeOne(Connection c, Bucket b, long now) throws SQLException {
        long interval = intervalMicros(b.rate());
        long burst = interval * b.rate().permits();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            // max(tat, now) + interval - now <= burst, i.e. tat <= now + burst - interval.
            try (PreparedStatement update = c.prepareStatement("UPDATE connect_budget"
                    + " SET tat_us = GREATEST(tat_us, CAST(? AS BIGINT)) + CAST(? AS BIGINT)"
                    + " WHERE bucket_key = ? AND tat_us <= ?")) {
                update.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                update.setLong(1, now);
                update.setLong(2, interval);
                update.setString(3, b.key());
                update.setLong(4, now + burst - interval);
                if (update.executeUpdate() == 1) {
                    return 0;
                }
            }
            Long tat = tat(c, b.key());
            if (tat != null) {
                long wait = Math.max(tat, now) + interval - now - burst;
                if (wait > 0) {
                    return wait;
                }
                // Given back or pruned since the UPDATE: ask again.
                continue;
            }
            // First use: the bucket is full, this permit its first. Another replica may create the
            // row at the same moment; then ask it again (a savepoint keeps the transaction usable).
            Savepoint before = c.setSavepoint();
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO connect_budget (bucket_key, tat_us) VALUES (?, ?)")) {
                insert.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                insert.setString(1, b.key());
                insert.setLong(2, now + interval);
                insert.executeUpdate();
                c.releaseSavepoint(before);
                return 0;
            } catch (SQLException e) {
                if (!DUPLICATE_KEY.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(before);
            }
        }
        throw new SQLException("bucket " + b.key() + " changed under " + ATTEMPTS + " attempts to take from it");
    }

    private static @Nullable Long tat(Connection c, String key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT tat_us FROM connect_budget WHERE bucket_key = ?")) {
            select.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    /** Moves the bucket's time back by one interval: a full bucket stays full (its time has passed). */
    @Override
    public void refund(Bucket bucket) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update =
                        c.prepareStatement("UPDATE connect_budget SET tat_us = tat_us - ? WHERE bucket_key = ?")) {
            update.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            update.setLong(1, intervalMicros(bucket.rate()));
            update.setString(2, bucket.key());
            update.executeUpdate();
        } catch (SQLException e) {
            throw failure("give back to the connection budget", e);
        }
    }

    /** Deletes full buckets' rows every {@link #PRUNE_EVERY}; a failure waits for the next time. */
    private void pruneNowAndThen(long now) {
        long next = nextPruneMicros.get();
        if (now < next || !nextPruneMicros.compareAndSet(next, now + PRUNE_EVERY.toNanos() / 1000)) {
            return;
        }
        prune(now);
    }

    /** Deletes the rows of buckets full for {@link #PRUNE_AFTER} (by this server's clock); how many. */
    private int prune(long nowMicros) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM connect_budget WHERE tat_us < ?")) {
            delete.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            delete.setLong(1, nowMicros - PRUNE_AFTER.toNanos() / 1000);
            return delete.executeUpdate();
        } catch (SQLException e) {
            return 0;
        }
    }

    /** The interval between permits, {@code per / permits}, rounded up to a whole microsecond. */
    static long intervalMicros(Rate rate) {
        long per = rate.per().toNanos() / 1000;
        return Math.max(1, (per + rate.permits() - 1) / rate.permits());
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    private static void rollbackQuietly(Connection c, Exception e) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    private HistoryStoreException failure(String action, SQLException e) {
        return new HistoryStoreException(
                "cannot " + action + " in the database at " + url + ": "
                        + String.valueOf(e.getMessage()).replaceAll("\\s+", " "),
                e);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "JdbcConnectionBudget[" + url + "]";
    }
}
