package dev.mailtls.history;

import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.TargetSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The reads behind {@link JdbcHistoryStore#latest} and {@link JdbcHistoryStore#history}. */
final class RunQueries {

    /** Newest first; the id breaks ties between runs that started in the same microsecond. */
    private static final String NEWEST_FIRST = " ORDER BY started_at DESC, id DESC";

    private RunQueries() {}

    /** The newest runs of a group, without snapshots or cards. */
    static List<GroupRun> newestRuns(Connection c, String group, int limit) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT id, group_name, started_at, triggered_by, finished_at"
                        + " FROM group_run WHERE group_name = ?" + NEWEST_FIRST + " LIMIT ?")) {
            SqlValues.setText(select, 1, group);
            select.setInt(2, limit);
            List<GroupRun> runs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    runs.add(new GroupRun(
                            rows.getLong("id"),
                            rows.getString("group_name"),
                            SqlValues.requiredInstant(rows, "started_at"),
                            rows.getString("triggered_by"),
                            List.of(),
                            Map.of(),
                            SqlValues.instant(rows, "finished_at")));
                }
            }
            return runs;
        }
    }

    static List<TargetSnapshot> snapshotsOf(Connection c, long runId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT " + SnapshotRows.COLUMNS + " FROM target_snapshot s WHERE s.run_id = ? ORDER BY s.ordinal")) {
            select.setLong(1, runId);
            List<TargetSnapshot> snapshots = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    snapshots.add(SnapshotRows.read(rows));
                }
            }
            return snapshots;
        }
    }

    /**
     * Adds to {@code byRun} the snapshots of the group's runs from {@code oldest} on, in one query;
     * snapshots of runs not in {@code byRun} (saved meanwhile) are left out.
     */
    static void snapshotsSince(Connection c, String group, GroupRun oldest, Map<Long, List<TargetSnapshot>> byRun)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + SnapshotRows.COLUMNS
                + " FROM target_snapshot s JOIN group_run r ON r.id = s.run_id"
                + " WHERE r.group_name = ? AND (r.started_at > ? OR (r.started_at = ? AND r.id >= ?))"
                + " ORDER BY s.run_id, s.ordinal")) {
            SqlValues.setText(select, 1, group);
            SqlValues.setInstant(select, 2, oldest.startedAt());
            SqlValues.setInstant(select, 3, oldest.startedAt());
            select.setLong(4, oldest.id());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    List<TargetSnapshot> snapshots = byRun.get(rows.getLong("run_id"));
                    if (snapshots != null) {
                        snapshots.add(SnapshotRows.read(rows));
                    }
                }
            }
        }
    }

    static Map<String, String> cardsOf(Connection c, long runId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT target, card_json FROM run_card WHERE run_id = ?")) {
            select.setLong(1, runId);
            Map<String, String> cards = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    cards.put(rows.getString("target"), rows.getString("card_json"));
                }
            }
            return cards;
        }
    }
}
