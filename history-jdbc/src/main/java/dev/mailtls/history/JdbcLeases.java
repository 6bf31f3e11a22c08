package dev.mailtls.history;

import dev.mailtls.lease.Leases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link Leases} in the history database's {@code service_lease} table, shared by every server on
 * that database. A take is one UPDATE (renew ours, or take over a row whose time ran out) and, when
 * no row matched, one INSERT that only one server can win; both in autocommit, so that the
 * database's {@code CURRENT_TIMESTAMP} is the statement's time and not an older transaction's.
 * Times are the database's: the servers' clocks may differ.
 */
final class JdbcLeases implements Leases {

    /** SQLState of a unique or primary key violation, on H2 and PostgreSQL alike. */
    private static final String DUPLICATE_KEY = "23505";

    /** A statement that takes longer is given up (the lease's own timer fences well before). */
    private static final int QUERY_TIMEOUT_SECONDS = 10;

    // The TTL in milliseconds times a millisecond interval: the same SQL on both databases.
    private static final String RENEW_OR_TAKE_OVER = "UPDATE service_lease SET"
            + " acquired_at = CASE WHEN holder = ? THEN acquired_at ELSE CURRENT_TIMESTAMP END,"
            + " holder = ?, expires_at = CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND"
            + " WHERE name = ? AND (holder = ? OR expires_at < CURRENT_TIMESTAMP)";
    private static final String TAKE_FREE = "INSERT INTO service_lease (name, holder, acquired_at, expires_at)"
            + " VALUES (?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND)";
    private static final String RELEASE = "DELETE FROM service_lease WHERE name = ? AND holder = ?";

    private final DataSource dataSource;
    private final String url;

    JdbcLeases(DataSource dataSource, String url) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.url = Objects.requireNonNull(url, "url");
    }

    @Override
    public boolean acquire(String name, String holder, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease's ttl must be positive, not " + ttl);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement update = c.prepareStatement(RENEW_OR_TAKE_OVER)) {
                update.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                update.setString(1, holder);
                update.setString(2, holder);
                update.setLong(3, ttl.toMillis());
                update.setString(4, name);
                update.setString(5, holder);
                if (update.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(TAKE_FREE)) {
                insert.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                insert.setString(1, name);
                insert.setString(2, holder);
                insert.setLong(3, ttl.toMillis());
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    return false; // another server holds it, and its time has not run out
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new HistoryStoreException(
                    "cannot take lease " + name + " in the history database at " + url + ": " + e, e);
        }
    }

    @Override
    public void release(String name, String holder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(RELEASE)) {
            c.setAutoCommit(true);
            delete.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            delete.setString(1, name);
            delete.setString(2, holder);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryStoreException(
                    "cannot release lease " + name + " in the history database at " + url + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "JdbcLeases[" + url + "]";
    }
}
