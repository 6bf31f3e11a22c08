package dev.mailtls.history;

import dev.mailtls.diagnosis.Status;
import dev.mailtls.summary.DomainPosture;
import dev.mailtls.summary.RowReason;
import dev.mailtls.summary.TargetSnapshot;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A {@link TargetSnapshot} as a row of {@code target_snapshot}. */
final class SnapshotRows {

    static final String INSERT = "INSERT INTO target_snapshot (run_id, ordinal, target, host_port, probed_at, status,"
            + " failure_code, tls_version, cipher_suite, starttls_offered, cert_sha256, cert_not_after, cert_subject,"
            + " hint_codes, worst_code, worst_words, domain_posture)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The columns {@link #read} expects, qualified by {@code s}. */
    static final String COLUMNS = "s.run_id, s.target, s.host_port, s.probed_at, s.status, s.failure_code,"
            + " s.tls_version, s.cipher_suite, s.starttls_offered, s.cert_sha256, s.cert_not_after, s.cert_subject,"
            + " s.hint_codes, s.worst_code, s.worst_words, s.domain_posture";

    private SnapshotRows() {}

    static void bind(PreparedStatement insert, long runId, int ordinal, TargetSnapshot snapshot) throws SQLException {
        insert.setLong(1, runId);
        insert.setInt(2, ordinal);
        SqlValues.setText(insert, 3, snapshot.target());
        SqlValues.setText(insert, 4, snapshot.hostPort());
        SqlValues.setInstant(insert, 5, snapshot.probedAt());
        insert.setString(6, snapshot.status().id());
        SqlValues.setText(insert, 7, snapshot.failureCode());
        SqlValues.setText(insert, 8, snapshot.tlsVersion());
        SqlValues.setText(insert, 9, snapshot.cipherSuite());
        SqlValues.setBoolean(insert, 10, snapshot.starttlsOffered());
        SqlValues.setText(insert, 11, snapshot.certSha256());
        SqlValues.setInstant(insert, 12, snapshot.certNotAfter());
        SqlValues.setText(insert, 13, snapshot.certSubject());
        SqlValues.setText(insert, 14, SqlValues.hintCodes(snapshot.hintCodes()));
        RowReason worst = snapshot.worst();
        SqlValues.setText(insert, 15, worst == null ? null : worst.code());
        SqlValues.setText(insert, 16, worst == null ? null : worst.words());
        SqlValues.setText(
                insert,
                17,
                snapshot.posture() == null ? null : snapshot.posture().toJson());
    }

    static TargetSnapshot read(ResultSet row) throws SQLException {
        return new TargetSnapshot(
                row.getString("target"),
                row.getString("host_port"),
                SqlValues.requiredInstant(row, "probed_at"),
                status(row.getString("status")),
                row.getString("failure_code"),
                row.getString("tls_version"),
                row.getString("cipher_suite"),
                SqlValues.nullableBoolean(row, "starttls_offered"),
                row.getString("cert_sha256"),
                SqlValues.instant(row, "cert_not_after"),
                row.getString("cert_subject"),
                SqlValues.hintCodes(row.getString("hint_codes")),
                worst(row.getString("worst_code"), row.getString("worst_words")),
                posture(row.getString("domain_posture")));
    }

    private static @Nullable DomainPosture posture(@Nullable String json) throws SQLException {
        try {
            return json == null ? null : DomainPosture.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new SQLException("unreadable domain_posture in target_snapshot: " + e.getMessage(), e);
        }
    }

    private static @Nullable RowReason worst(@Nullable String code, @Nullable String words) {
        return code == null || code.isBlank() ? null : new RowReason(code, words == null ? "" : words);
    }

    private static Status status(String id) throws SQLException {
        try {
            return Status.valueOf(id.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SQLException("unknown status \"" + id + "\" in target_snapshot", e);
        }
    }
}
