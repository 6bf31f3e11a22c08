package dev.mailtls.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The shape MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) TXT records share: a version field
 * first, then {@code name=value} fields, separated by {@code ;} with optional spaces or tabs around
 * it, and an optional trailing {@code ;}.
 */
final class TxtFields {
    /** {@code (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")}: an extension field's name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,31}");

    /** {@code 1*(%x21-3A / %x3C / %x3E-7E)}: printable ASCII but for {@code =} and {@code ;}. */
    private static final Pattern EXTENSION_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");

    record Field(String name, String value) {}

    record Split(List<Field> fields, List<String> problems) {}

    private TxtFields() {}

    /**
     * Whether {@code txt} begins with {@code version} (case-sensitive, as the grammars' {@code %s}
     * says) as a whole field: followed by the end, a space or tab, or {@code ;}. Records that do not
     * are of another kind and are ignored (RFC 8461 §3.1, RFC 8460 §3).
     */
    static boolean startsWithVersion(String txt, String version) {
        if (!txt.startsWith(version)) {
            return false;
        }
        if (txt.length() == version.length()) {
            return true;
        }
        char next = txt.charAt(version.length());
        return next == ';' || next == ' ' || next == '\t';
    }

    /** The fields after the version, and what is wrong with the record's shape. */
    static Split split(String txt, String version) {
        List<Field> fields = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] pieces = txt.split(";", -1);
        String first = stripWsp(pieces[0]);
        if (!first.equals(version)) {
            problems.add("'" + first + "': " + version + " must be followed by ';' before the next field");
        }
        for (int i = 1; i < pieces.length; i++) {
            String piece = stripWsp(pieces[i]);
            if (piece.isEmpty()) {
                if (i < pieces.length - 1) {
                    problems.add("an empty field between two ';' (only one ';' may separate fields)");
                }
                continue;
            }
            int eq = piece.indexOf('=');
            if (eq < 0) {
                problems.add("'" + piece + "' is not a name=value field");
                continue;
            }
            String name = piece.substring(0, eq);
            String value = piece.substring(eq + 1);
            if (!name.equals(stripWsp(name)) || !value.equals(stripWsp(value))) {
                problems.add("'" + piece + "': no spaces are allowed around '='");
                continue;
            }
            fields.add(new Field(name, value));
        }
        return new Split(fields, problems);
    }

    /** Why an extension field is malformed, or null when it is well formed. */
    static @Nullable String extensionProblem(Field f) {
        if (!NAME.matcher(f.name()).matches()) {
            return "'" + f.name() + "' is not a valid field name (a letter or digit, then up to 31 letters,"
                    + " digits, '_', '-' or '.')";
        }
        if (!EXTENSION_VALUE.matcher(f.value()).matches()) {
            return "the value of " + f.name() + " must be one or more printable characters other than '=',"
                    + " ';' and space, was '" + f.value() + "'";
        }
        return null;
    }

    /** Removes spaces and tabs (the grammars' WSP) at both ends; nothing else. */
    static String stripWsp(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWsp(s.charAt(start))) {
            start++;
        }
        while (end > start && isWsp(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The one record of a kind among all TXT records at a name (RFC 8461 §3.1, RFC 8460 §3): those
     * not beginning with {@code version} are discarded; none left is "absent"; more than one is
     * invalid, and {@code consequence} says what senders then do.
     */
    static <T> Parsed<T> selectOne(
            List<String> txtRecords,
            String version,
            String consequence,
            java.util.function.Function<String, Parsed<T>> parse) {
        List<String> candidates =
                txtRecords.stream().filter(t -> startsWithVersion(t, version)).toList();
        if (candidates.isEmpty()) {
            return Parsed.absent();
        }
        if (candidates.size() > 1) {
            return Parsed.invalid(
                    null,
                    List.of(candidates.size() + " TXT records start with " + version + " ('"
                            + String.join("', '", candidates) + "'): there must be exactly one, and " + consequence));
        }
        return parse.apply(candidates.get(0));
    }
}
