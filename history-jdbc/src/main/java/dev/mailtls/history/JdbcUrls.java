package dev.mailtls.history;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC URLs as the store accepts and names them. */
public final class JdbcUrls {

    static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
    static final String H2_PREFIX = "jdbc:h2:";

    /** {@code password=...} in a query string ({@code ?}/{@code &}) or H2 settings ({@code ;}). */
    private static final Pattern PASSWORD_SETTING =
            Pattern.compile("([?&;](?:password|sslpassword)=)[^&;]*", Pattern.CASE_INSENSITIVE);

    /** {@code //user:password@host}, which some tools write even though pgjdbc ignores it. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*):[^/@?;]*@");

    private JdbcUrls() {}

    /** The URL with every password replaced by {@code ***}, for messages and logs. */
    public static String redact(String url) {
        Matcher settings = PASSWORD_SETTING.matcher(url);
        String withoutSettings = settings.replaceAll("$1***");
        return USER_INFO.matcher(withoutSettings).replaceAll("$1:***@");
    }

    /** The driver class for a PostgreSQL or H2 URL; anything else is refused with the accepted forms. */
    static String driverClassName(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith(POSTGRESQL_PREFIX)) {
            return "org.postgresql.Driver";
        }
        if (lower.startsWith(H2_PREFIX)) {
            return "org.h2.Driver";
        }
        throw new IllegalArgumentException("unsupported history database URL " + redact(url)
                + ": use jdbc:postgresql://HOST:PORT/DATABASE (or leave it unset for the embedded H2 database)");
    }

    static boolean isH2(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith(H2_PREFIX);
    }
}
