package dev.mailtls.testing;

import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Generated command texts for {@link CommandParser}, and the one property they must keep: a
 * command, or a {@link UsageException} whose message is one line without raw control, format or
 * separator characters. Cases are a function of (seed, index), so a failure names its own repro.
 * The CI test runs a few thousand; {@code bench/command-fuzz} runs as many as asked.
 */
public final class CommandFuzz {
    private static final String[] WORDS = {
        "smtp.gmail.com",
        "mx.example.com",
        "imap.example.com",
        "pop.example.com",
        "127.0.0.1",
        "10.0.0.1",
        "[::1]",
        "[2001:db8::1]:25",
        "mail.example.com:587",
        "25",
        "465",
        "587",
        "2525",
        "143",
        "993",
        "110",
        "995",
        "0",
        "65535",
        "65536",
        "99999",
        "tls",
        "starttls",
        "plain",
        "auto",
        "ssl",
        "implicit",
        "smtps",
        "imaps",
        "pop3s",
        "pops",
        "none",
        "smtp",
        "imap",
        "pop3",
        "fresh",
        "auth",
        "private",
        "http://x",
        "0177.0.0.1",
        "0x7f.0.0.1",
        "127.1",
        "[::ffff:127.0.0.1]",
        "host..",
        "-bad-",
        "a_b.example"
    };

    /** Code points that have broken parsers and messages before: one pool per kind. */
    private static final int[][] ODD = {
        {0x00, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b, 0x7f}, // C0 and DEL
        {0x80, 0x85, 0x9b, 0x9f}, // C1, NEL, CSI
        {0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x034f, 0x00ad}, // zero-width, invisible
        {0x202a, 0x202b, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069}, // bidi
        {0x2028, 0x2029, 0x00a0, 0x3000, 0x1680}, // separators, odd spaces
        {0xff10, 0xff11, 0xff12, 0xff15, 0x0660, 0x0665, 0x06f5, 0x0966, 0x1d7ce, 0x1d7d8}, // other digits
        {0x212a, 0x0130, 0x0131, 0x017f, 0xff41, 0xff0e, 0xff1a, 0x3002}, // case and full-width tricks
        {0xd800, 0xdbff, 0xdc00, 0xdfff}, // lone surrogates
        {0x1f600, 0x1f4a9, 0xe000, 0x10ffff, 0xfffe, 0x0378}, // emoji, private use, noncharacters
        {'[', ']', ':', '%', '/', '.', '-', '_', '@', '`', '*', '<', '>', '&', '"', '\'', '\\'}
    };

    private CommandFuzz() {}

    /** The text of case {@code index} of the run seeded {@code seed}. */
    public static String text(long seed, long index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        int shape = r.nextInt(20);
        if (shape == 0) {
            return huge(r);
        }
        int words = 1 + r.nextInt(shape == 1 ? 40 : 6);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            String word = r.nextInt(4) == 0 ? random(r, 1 + r.nextInt(12)) : WORDS[r.nextInt(WORDS.length)];
            // Most words stay intact, so that many texts get far into the grammar or parse.
            out.add(r.nextInt(3) == 0 ? mutate(r, word) : word);
        }
        String sep = switch (r.nextInt(6)) {
            case 0 -> "\t";
            case 1 -> "  ";
            case 2 -> "\n";
            default -> " ";
        };
        return String.join(sep, out);
    }

    /**
     * Parses the text (as chat text, and as CLI words split on spaces) and says what went wrong:
     * empty when it kept the property.
     */
    public static Optional<String> violation(String text) {
        Optional<String> v = check(() -> CommandParser.parse(text));
        if (v.isEmpty()) {
            v = check(() -> CommandParser.parse(List.of(text.split(" ", -1))));
        }
        return v;
    }

    @FunctionalInterface
    private interface Parse {
        ProbeCommand run() throws UsageException;
    }

    private static Optional<String> check(Parse parse) {
        try {
            ProbeCommand c = parse.run();
            if (c.port() < 1 || c.port() > 65535) {
                return Optional.of("port out of range: " + c.port());
            }
            if (!c.host().chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
                return Optional.of("non-ASCII or blank host accepted: " + escape(c.host()));
            }
            return Optional.empty();
        } catch (UsageException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank()) {
                return Optional.of("usage error without a message");
            }
            if (m.length() > 400) {
                return Optional.of("usage message of " + m.length() + " characters");
            }
            for (int i = 0; i < m.length(); ) {
                int cp = m.codePointAt(i);
                if (raw(cp)) {
                    return Optional.of("usage message echoes U+" + Integer.toHexString(cp) + ": " + escape(m));
                }
                i += Character.charCount(cp);
            }
            return Optional.empty();
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.of("threw " + e);
        }
    }

    /** What a one-line message must never carry raw. */
    private static boolean raw(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** The text with every non-printable-ASCII character as \\uXXXX, for a failure message. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder();
        String clipped = s.length() > 200 ? s.substring(0, 200) : s;
        for (char c : clipped.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.length() > 200 ? b + "...(" + s.length() + " chars)" : b.toString();
    }

    private static String mutate(SplittableRandom r, String word) {
        StringBuilder b = new StringBuilder(word);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = b.isEmpty() ? 0 : r.nextInt(b.length() + 1);
            switch (r.nextInt(5)) {
                case 0, 1 -> b.insert(at, Character.toChars(odd(r)));
                case 2 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                case 3 ->
                    b.insert(
                            at,
                            b.substring(0, Math.min(b.length(), 1 + r.nextInt(8)))
                                    .repeat(1 + r.nextInt(3)));
                default -> {
                    int cp = odd(r);
                    if (at < b.length()) {
                        b.setCharAt(at, cp < 0x10000 ? (char) cp : '?');
                    }
                }
            }
        }
        return b.toString();
    }

    private static int odd(SplittableRandom r) {
        int[] pool = ODD[r.nextInt(ODD.length)];
        return r.nextInt(8) == 0 ? r.nextInt(0x10000) : pool[r.nextInt(pool.length)];
    }

    private static String random(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.appendCodePoint(r.nextInt(3) == 0 ? odd(r) : 0x21 + r.nextInt(0x5e));
        }
        return b.toString();
    }

    /** One token of 300 to 20,000 characters (1 in 50 up to 200,000): labels, digits or odd characters. */
    private static String huge(SplittableRandom r) {
        int n = 300 + r.nextInt(r.nextInt(50) == 0 ? 200_000 : 20_000);
        return switch (r.nextInt(5)) {
            case 0 -> "a".repeat(n) + ".example";
            case 1 -> "a.".repeat(n / 2) + "com";
            case 2 -> "mx.example.com " + "9".repeat(n);
            case 3 -> "[" + "0:".repeat(n / 2) + "1]:25";
            default -> random(r, n / 10);
        };
    }
}
