package dev.mailtls.app;

import dev.mailtls.net.Cidr;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parsers for single configuration values; each failure names the bad value and what would do. */
final class ConfigValues {
    /** The longest cache TTL accepted: results older than a day mislead more than they help. */
    static final Duration MAX_CACHE_TTL = Duration.ofDays(1);

    private ConfigValues() {}

    /** {@code 300}, {@code 300s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT5M}; 0 to 24 h. */
    static Duration cacheTtl(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        String hint = "bad duration '" + text + "': use e.g. 300, 300s, 5m, 1h or PT5M";
        Duration d;
        try {
            if (t.matches("\\d{1,9}s?")) {
                d = Duration.ofSeconds(Long.parseLong(t.replace("s", "")));
            } else if (t.matches("\\d{1,9}m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.matches("\\d{1,9}h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException(hint);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(hint);
        }
        if (d.isNegative() || d.compareTo(MAX_CACHE_TTL) > 0) {
            throw new IllegalArgumentException("cache TTL must be between 0 and 24h, was '" + text + "'");
        }
        return d;
    }

    /** An address block; the message always quotes the whole bad value. */
    static Cidr cidr(String text) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("'" + text + "'")) {
                throw e;
            }
            throw new IllegalArgumentException("bad address block '" + text + "': " + e.getMessage());
        }
    }

    /** A TCP port to probe, 1-65535. */
    static int port(String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,5}") || Integer.parseInt(t) < 1 || Integer.parseInt(t) > 65535) {
            throw new IllegalArgumentException("not a port (1-65535): '" + text + "'");
        }
        return Integer.parseInt(t);
    }

    /** {@code true}/{@code false} (also yes/no, on/off, 1/0). */
    static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false, was '" + text + "'");
        };
    }

    /** A browser origin: {@code https://host[:port]}, no path; {@code *} is refused. */
    static String origin(String text) {
        String t = text.strip();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.equals("*")) {
            throw new IllegalArgumentException(
                    "'*' is not accepted: list the origins allowed to call the API, e.g. https://ops.example.com");
        }
        if (!t.matches("(?i)https?://([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+\\])(:\\d{1,5})?")) {
            throw new IllegalArgumentException(
                    "not an origin: '" + text + "' (expected scheme://host[:port], e.g. https://ops.example.com)");
        }
        return t.toLowerCase(Locale.ROOT);
    }

    /**
     * The web page's public base URL, as people reach it: {@code https://host[:port][/path]}, no
     * query, fragment or credentials; returned without a trailing slash, so the page's links
     * ({@code /?host=...}) append to it.
     */
    static String publicUrl(String text) {
        String t = text.strip();
        String expected = " (expected http(s)://host[:port][/path], e.g. https://mailtls.example.com)";
        java.net.URI u;
        try {
            u = new java.net.URI(t);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + text + "'" + expected);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host: '" + text + "'" + expected);
        }
        if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "a public URL has no user, query or fragment: '" + withoutUserInfo(u) + "'" + expected);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    /** A URL's text without its credentials, for messages. */
    private static String withoutUserInfo(java.net.URI u) {
        return u.getRawUserInfo() == null ? u.toString() : u.toString().replace(u.getRawUserInfo() + "@", "");
    }
}
