package dev.mailtls.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mailtls.lease.Leases;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.HistoryStore;
import dev.mailtls.summary.TargetSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HistoryStore} over JDBC: PostgreSQL ({@link #open}) or an embedded H2 file ({@link
 * #embedded}), the schema migrated by Flyway when the store opens. Instants are kept to the
 * microsecond; U+0000 in text is stored as U+FFFD (PostgreSQL's text cannot hold it).
 *
 * <p>A slot claim is an INSERT into a table keyed by (group, slot): the database lets exactly one
 * of any number of concurrent callers, on any connection or server, insert the row.
 */
public final class JdbcHistoryStore implements HistoryStore {

    /** SQLState of a unique or primary key violation, on H2 and PostgreSQL alike. */
    private static final String DUPLICATE_KEY = "23505";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int POOL_SIZE = 8;

    private final HikariDataSource dataSource;
    private final String url;
    private final Clock clock;
    private final DatabaseHealth health;
    private @Nullable JdbcConnectionBudget connectionBudget;

    private JdbcHistoryStore(HikariDataSource dataSource, String url, Clock clock) {
        this.dataSource = dataSource;
        this.url = url;
        this.clock = clock;
        this.health = new DatabaseHealth(this::checkNow, "the history database at " + url, clock);
    }

    /**
     * Opens the database at {@code jdbcUrl} ({@code jdbc:postgresql://HOST:PORT/DATABASE}, or an H2
     * URL) and migrates its schema.
     *
     * @throws IllegalArgumentException for a URL of another database
     * @throws HistoryStoreException when the database cannot be reached or migrated; the message
     *     names the URL without its password
     */
    public static JdbcHistoryStore open(String jdbcUrl, @Nullable String user, @Nullable String password) {
        return open(jdbcUrl, user, password, Clock.systemUTC());
    }

    /**
     * Opens (creating it when missing) the embedded H2 database {@code dataDir/history} and migrates
     * its schema. One process at a time: the file is locked while the store is open.
     */
    public static JdbcHistoryStore embedded(Path dataDir) {
        Path directory = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new HistoryStoreException("cannot create the data directory " + directory + ": " + e, e);
        }
        return open(embeddedUrl(directory), null, null, Clock.systemUTC());
    }

    static String embeddedUrl(Path dataDir) {
        // LOCK_TIMEOUT: concurrent claims of one slot wait for each other instead of failing at 1 s.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("history") + ";AUTO_SERVER=FALSE;LOCK_TIMEOUT=10000";
    }

    static JdbcHistoryStore open(String jdbcUrl, @Nullable String user, @Nullable String password, Clock clock) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        String redacted = JdbcUrls.redact(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("mailtls-history");
        config.setDriverClassName(JdbcUrls.driverClassName(jdbcUrl));
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        // One idle connection keeps an embedded H2 database open between operations.
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new HistoryStoreException(
                    "cannot connect to the history database at " + redacted + ": " + messageOf(e), e);
        }
        try {
            Flyway.configure(JdbcHistoryStore.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new HistoryStoreException(
                    "cannot migrate the history database at " + redacted + ": " + messageOf(e), e);
        }
        return new JdbcHistoryStore(dataSource, redacted, clock);
    }

    @Override
    public GroupRun save(GroupRun run) {
        return transaction("save a run of group " + run.group(), c -> {
            long id;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO group_run (group_name, started_at, triggered_by, status, finished_at)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                SqlValues.setText(insert, 1, run.group());
                SqlValues.setInstant(insert, 2, run.startedAt());
                SqlValues.setText(insert, 3, run.trigger());
                insert.setString(4, run.status().id());
                SqlValues.setInstant(insert, 5, run.finishedAt());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no id generated for the run");
                    }
                    id = keys.getLong(1); // id is the first column on both databases
                }
            }
            try (PreparedStatement insert = c.prepareStatement(SnapshotRows.INSERT)) {
                int ordinal = 0;
                for (TargetSnapshot snapshot : run.snapshots()) {
                    SnapshotRows.bind(insert, id, ordinal++, snapshot);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO run_card (run_id, target, card_json) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> card : run.cards().entrySet()) {
                    insert.setLong(1, id);
                    SqlValues.setText(insert, 2, card.getKey());
                    SqlValues.setText(insert, 3, card.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return run.withId(id);
        });
    }

    @Override
    public Optional<GroupRun> latest(String group) {
        return withConnection("read the latest run of group " + group, c -> {
            List<GroupRun> runs = RunQueries.newestRuns(c, group, 1);
            if (runs.isEmpty()) {
                return Optional.empty();
            }
            GroupRun run = runs.get(0);
            return Optional.of(new GroupRun(
                    run.id(),
                    run.group(),
                    run.startedAt(),
                    run.trigger(),
                    RunQueries.snapshotsOf(c, run.id()),
                    RunQueries.cardsOf(c, run.id()),
                    run.finishedAt()));
        });
    }

    @Override
    public Optional<Instant> lastStarted(String group, String trigger) {
        return withConnection("read when group " + group + " last ran by " + trigger, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT MAX(started_at) AS started_at FROM group_run WHERE group_name = ? AND triggered_by = ?")) {
                SqlValues.setText(select, 1, group);
                SqlValues.setText(select, 2, trigger);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(SqlValues.instant(rows, "started_at")) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<GroupRun> history(String group, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("history limit must be 0 or more, not " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return withConnection("read the history of group " + group, c -> {
            List<GroupRun> runs = RunQueries.newestRuns(c, group, limit);
            if (runs.isEmpty()) {
                return List.of();
            }
            Map<Long, List<TargetSnapshot>> snapshots = new HashMap<>();
            runs.forEach(run -> snapshots.put(run.id(), new ArrayList<>()));
            RunQueries.snapshotsSince(c, group, runs.get(runs.size() - 1), snapshots);
            List<GroupRun> result = new ArrayList<>(runs.size());
            for (GroupRun run : runs) {
                result.add(new GroupRun(
                        run.id(),
                        run.group(),
                        run.startedAt(),
                        run.trigger(),
                        snapshots.get(run.id()),
                        Map.of(),
                        run.finishedAt()));
            }
            return List.copyOf(result);
        });
    }

    /** {@inheritDoc} Slots scheduled before {@code cutoff} go too, posted or not. */
    @Override
    public int pruneBefore(Instant cutoff) {
        return transaction("prune runs before " + cutoff, c -> {
            int runs;
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM group_run WHERE started_at < ?")) {
                SqlValues.setInstant(delete, 1, cutoff);
                runs = delete.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM run_slot WHERE slot_at < ?")) {
                SqlValues.setInstant(delete, 1, cutoff);
                delete.executeUpdate();
            }
            return runs;
        });
    }

    @Override
    public boolean claimSlot(String group, Instant slot, String owner) {
        return withConnection("claim slot " + slot + " of group " + group, c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO run_slot (group_name, slot_at, owner, claimed_at) VALUES (?, ?, ?, ?)")) {
                SqlValues.setText(insert, 1, group);
                SqlValues.setInstant(insert, 2, slot);
                SqlValues.setText(insert, 3, owner);
                SqlValues.setInstant(insert, 4, clock.instant());
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * Takes over a claimed slot that was never posted and whose claim is older than {@code
     * claimedBefore} (its owner stopped mid-run): exactly one caller gets true. {@link
     * #unpostedSlots} lists such slots, this decides which replica finishes one.
     */
    @Override
    public boolean reclaimSlot(String group, Instant slot, String owner, Instant claimedBefore) {
        return withConnection("reclaim slot " + slot + " of group " + group, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE run_slot SET owner = ?, claimed_at = ?"
                    + " WHERE group_name = ? AND slot_at = ? AND posted_at IS NULL AND claimed_at < ?")) {
                SqlValues.setText(update, 1, owner);
                SqlValues.setInstant(update, 2, clock.instant());
                SqlValues.setText(update, 3, group);
                SqlValues.setInstant(update, 4, slot);
                SqlValues.setInstant(update, 5, claimedBefore);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * {@inheritDoc} Posting twice is harmless.
     *
     * @throws IllegalStateException when the slot was never claimed
     */
    @Override
    public void markPosted(String group, Instant slot) {
        boolean known = withConnection("mark slot " + slot + " of group " + group + " posted", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE run_slot SET posted_at = ? WHERE group_name = ? AND slot_at = ? AND posted_at IS NULL")) {
                SqlValues.setInstant(update, 1, clock.instant());
                SqlValues.setText(update, 2, group);
                SqlValues.setInstant(update, 3, slot);
                if (update.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement select =
                    c.prepareStatement("SELECT 1 FROM run_slot WHERE group_name = ? AND slot_at = ?")) {
                SqlValues.setText(select, 1, group);
                SqlValues.setInstant(select, 2, slot);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
        if (!known) {
            throw new IllegalStateException("slot " + slot + " of group " + group + " was never claimed");
        }
    }

    @Override
    public List<Instant> unpostedSlots(String group) {
        return withConnection("list unposted slots of group " + group, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT slot_at FROM run_slot WHERE group_name = ? AND posted_at IS NULL ORDER BY slot_at")) {
                SqlValues.setText(select, 1, group);
                List<Instant> slots = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        slots.add(SqlValues.requiredInstant(rows, "slot_at"));
                    }
                }
                return List.copyOf(slots);
            }
        });
    }

    /**
     * {@inheritDoc} A pooled connection must pass {@code isValid} within {@value
     * #VALID_TIMEOUT_SECONDS} s; the check is waited for at most 2 s and its answer kept for 5 s.
     */
    @Override
    public Optional<String> unavailableReason() {
        return health.unavailableReason();
    }

    private static final int VALID_TIMEOUT_SECONDS = 2;

    private Optional<String> checkNow() {
        String why = "does not answer";
        // A connection the database cut (a restart, a failover) may still sit in the pool, unnoticed
        // when it was used less than half a second ago: drop it and try another, until the pool is
        // through (each connection is tried at most once; the wait for the answer is bounded anyway).
        for (int attempt = 0; attempt <= POOL_SIZE; attempt++) {
            Connection c;
            try {
                c = dataSource.getConnection();
            } catch (SQLException | RuntimeException e) {
                return unavailable("cannot be reached: " + messageOf(e));
            }
            try {
                if (c.isValid(VALID_TIMEOUT_SECONDS)) {
                    c.close();
                    return Optional.empty();
                }
            } catch (SQLException e) {
                why = "cannot be reached: " + messageOf(e);
            }
            dataSource.evictConnection(c);
        }
        return unavailable(why);
    }

    private Optional<String> unavailable(String why) {
        String line = why.replaceAll("\\s+", " ");
        return Optional.of(
                "the history database at " + url + " " + (line.length() > 200 ? line.substring(0, 200) + "…" : line));
    }

    /**
     * Leases in this database ({@code service_lease}), shared with every server that uses it; they
     * stop working when the store closes.
     */
    public Leases leases() {
        return new JdbcLeases(dataSource, url);
    }

    /**
     * The connection budget shared by every server on this database, over a small pool of its own
     * with short timeouts (a probe must never wait long for it); closed with the store.
     */
    public synchronized JdbcConnectionBudget connectionBudget() {
        if (connectionBudget == null) {
            connectionBudget = JdbcConnectionBudget.open(
                    dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword(), clock);
        }
        return connectionBudget;
    }

    /** Closes the connections; an embedded database closes with its last store. */
    @Override
    public void close() {
        synchronized (this) {
            if (connectionBudget != null) {
                connectionBudget.close();
            }
        }
        dataSource.close();
    }

    @Override
    public String toString() {
        return "JdbcHistoryStore[" + url + "]";
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String action, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    private <T> T transaction(String action, Work<T> work) {
        return withConnection(action, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private HistoryStoreException failure(String action, SQLException e) {
        return new HistoryStoreException("cannot " + action + " in the history database at " + url + ": " + e, e);
    }

    private static String messageOf(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(" (").append(cause.getMessage()).append(')');
            }
        }
        return message.toString();
    }
}
