package dev.mailtls.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** How values cross into SQL the same way on H2 and PostgreSQL. */
final class SqlValues {

    private static final char NUL = '\u0000';
    private static final char REPLACEMENT = '\uFFFD';
    private static final String CODE_SEPARATOR = ",";

    private SqlValues() {}

    /**
     * Text as stored. PostgreSQL's text cannot hold U+0000, and server text (a certificate subject, a
     * banner in a card) is untrusted, so U+0000 becomes U+FFFD on every database rather than failing
     * the save on one of them.
     */
    static String text(String value) {
        return value.indexOf(NUL) < 0 ? value : value.replace(NUL, REPLACEMENT);
    }

    static void setText(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, text(value));
        }
    }

    /**
     * Instants are kept to the microsecond (both databases' precision); truncating here, not in the
     * database, makes both agree on values with nanoseconds.
     */
    static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(stored(value), ZoneOffset.UTC));
        }
    }

    static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant requiredInstant(ResultSet row, String column) throws SQLException {
        Instant value = instant(row, column);
        if (value == null) {
            throw new SQLException("column " + column + " is null");
        }
        return value;
    }

    static void setBoolean(PreparedStatement statement, int index, @Nullable Boolean value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BOOLEAN);
        } else {
            statement.setBoolean(index, value);
        }
    }

    static @Nullable Boolean nullableBoolean(ResultSet row, String column) throws SQLException {
        boolean value = row.getBoolean(column);
        return row.wasNull() ? null : value;
    }

    /** Hint codes as one column: sorted, comma-separated, empty for none. */
    static String hintCodes(Set<String> codes) {
        for (String code : codes) {
            if (code.isEmpty() || code.contains(CODE_SEPARATOR)) {
                throw new IllegalArgumentException(
                        "hint code \"" + code + "\" cannot be stored: codes are non-empty and hold no comma");
            }
        }
        return String.join(CODE_SEPARATOR, new TreeSet<>(codes));
    }

    static Set<String> hintCodes(String column) {
        return column.isEmpty()
                ? Set.of()
                : Arrays.stream(column.split(CODE_SEPARATOR, -1)).collect(Collectors.toUnmodifiableSet());
    }
}
