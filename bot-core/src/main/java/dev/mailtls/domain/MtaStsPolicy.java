package dev.mailtls.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An MTA-STS policy (RFC 8461 §3.2), the file served at {@code
 * https://mta-sts.<domain>/.well-known/mta-sts.txt}: which MX hosts may receive the domain's mail,
 * whether senders must refuse the others ({@code enforce}), and for how long senders cache it.
 *
 * @param version always {@code STSv1}
 * @param mx the MX patterns in the policy's order, lower case; each a host name or {@code *.} and a
 *     host name
 * @param maxAge how long senders may cache the policy, in seconds (at most {@link #MAX_AGE_LIMIT})
 */
public record MtaStsPolicy(String version, Mode mode, List<String> mx, long maxAge) {
    public static final String VERSION = "STSv1";

    /** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
    public static final long MAX_AGE_LIMIT = 31_557_600L;

    /** What a sender does when an MX does not match the policy or its certificate does not hold. */
    public enum Mode {
        /** Refuse to deliver to an MX that fails. */
        ENFORCE,
        /** Deliver anyway, and report the failure (TLS-RPT). */
        TESTING,
        /** The domain withdraws its policy. */
        NONE;

        /** {@code enforce}, {@code testing}, {@code none}: the policy's own word and the JSON value. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static @Nullable Mode of(String word) {
            for (Mode m : values()) {
                if (m.id().equals(word)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** {@code (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")}: a key's name. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,31}");

    /** RFC 5321 Domain: LDH labels, none starting or ending with a hyphen. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?");

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");

    public MtaStsPolicy {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mode, "mode");
        mx = mx.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        if (maxAge < 0 || maxAge > MAX_AGE_LIMIT) {
            throw new IllegalArgumentException("max_age must be 0-" + MAX_AGE_LIMIT + ": " + maxAge);
        }
    }

    /** Whether {@code mxHost} may receive the domain's mail under this policy (RFC 8461 §4.1). */
    public boolean covers(String mxHost) {
        return patternFor(mxHost).isPresent();
    }

    /**
     * The first {@code mx} pattern that matches {@code mxHost} (RFC 8461 §4.1): an exact name, or
     * {@code *.} standing for exactly one left-most label; case-insensitive, a trailing dot on the
     * host ignored.
     */
    public Optional<String> patternFor(String mxHost) {
        String host = mxHost.toLowerCase(Locale.ROOT);
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (String pattern : mx) {
            if (pattern.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot).equals(pattern.substring(1))) {
                    return Optional.of(pattern);
                }
            } else if (pattern.equals(host)) {
                return Optional.of(pattern);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a policy file. Lines end in CRLF or LF; unknown keys are ignored; a key other than
     * {@code mx} given twice counts by its first occurrence (with a warning). Every problem names its
     * line.
     */
    public static Parsed<MtaStsPolicy> parse(String body) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        Map<String, String> ignoredKeys = new LinkedHashMap<>();
        String version = null;
        Mode mode = null;
        Long maxAge = null;
        List<String> mx = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (TxtFields.stripWsp(line).isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                problems.add("line " + n + ": '" + shown(line) + "' is not a 'key: value' line");
                continue;
            }
            String key = line.substring(0, colon);
            String value = TxtFields.stripWsp(line.substring(colon + 1));
            if (!KEY.matcher(key).matches()) {
                problems.add("line " + n + ": '" + shown(key) + "' is not a valid key"
                        + (key.equals(TxtFields.stripWsp(key)) ? "" : " (no space is allowed before ':')"));
                continue;
            }
            if (!key.equals("mx") && firstLine.containsKey(key)) {
                if (isKnown(key)) {
                    // RFC 8461 §3.2: a non-repeated field given twice counts by its first occurrence.
                    warnings.add("line " + n + ": " + key + " is given again; the first, on line " + firstLine.get(key)
                            + ", counts");
                }
                continue;
            }
            firstLine.putIfAbsent(key, n);
            switch (key) {
                case "version" -> {
                    version = value;
                    if (!value.equals(VERSION)) {
                        problems.add("line " + n + ": version is '" + shown(value) + "': it must be " + VERSION);
                    }
                }
                case "mode" -> {
                    mode = Mode.of(value);
                    if (mode == null) {
                        problems.add("line " + n + ": mode '" + shown(value)
                                + "' is not one of enforce, testing, none (lower case)");
                    }
                }
                case "max_age" -> {
                    maxAge = -1L;
                    if (!DIGITS.matcher(value).matches()) {
                        problems.add("line " + n + ": max_age '" + shown(value)
                                + "' is not a whole number of seconds (0-" + MAX_AGE_LIMIT + ")");
                    } else if (Long.parseLong(value) > MAX_AGE_LIMIT) {
                        problems.add("line " + n + ": max_age " + value + " is more than " + MAX_AGE_LIMIT
                                + " seconds (a year), the most RFC 8461 allows");
                    } else {
                        maxAge = Long.parseLong(value);
                    }
                }
                case "mx" -> {
                    String wrong = mxProblem(value);
                    if (wrong != null) {
                        problems.add("line " + n + ": " + wrong);
                    } else {
                        mx.add(value.toLowerCase(Locale.ROOT));
                    }
                }
                default -> ignoredKeys.put(key, value);
            }
        }
        missing("version", version == null, "'version: STSv1'", ignoredKeys, problems);
        missing("mode", mode == null && !firstLine.containsKey("mode"), "'mode: enforce'", ignoredKeys, problems);
        missing("max_age", maxAge == null, "'max_age: 604800'", ignoredKeys, problems);
        if (mx.isEmpty() && (mode == Mode.ENFORCE || mode == Mode.TESTING) && !firstLine.containsKey("mx")) {
            problems.add("no mx line: a policy in " + mode.id() + " mode names at least one MX pattern"
                    + " (e.g. 'mx: mail.example.com' or 'mx: *.example.net')");
        }
        if (!problems.isEmpty()) {
            return Parsed.invalid(body, problems);
        }
        return Parsed.valid(body, new MtaStsPolicy(version, mode, mx, maxAge), warnings);
    }

    private static boolean isKnown(String key) {
        return key.equals("version") || key.equals("mode") || key.equals("max_age");
    }

    private static void missing(
            String key, boolean absent, String example, Map<String, String> ignoredKeys, List<String> problems) {
        if (!absent) {
            return;
        }
        String near = ignoredKeys.keySet().stream()
                .filter(k -> k.equalsIgnoreCase(key))
                .findFirst()
                .map(k -> " ('" + k + "' is not it: keys are lower case)")
                .orElse("");
        problems.add("the " + key + " line is missing (e.g. " + example + ")" + near);
    }

    private static @Nullable String mxProblem(String pattern) {
        if (pattern.isEmpty()) {
            return "mx is empty: it needs a host name or a *. pattern";
        }
        String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        String why = "'" + shown(pattern) + "' is not a host name or a *. pattern";
        if (name.length() > 253 || name.indexOf('*') >= 0) {
            return why + (name.indexOf('*') >= 0 ? " (a * stands only as the whole left-most label)" : "");
        }
        if (name.endsWith(".")) {
            return why + " (no trailing dot)";
        }
        for (String label : name.toLowerCase(Locale.ROOT).split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return why;
            }
        }
        return null;
    }

    /** A server's text as a problem quotes it: at most 100 characters, control characters as '?'. */
    static String shown(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
