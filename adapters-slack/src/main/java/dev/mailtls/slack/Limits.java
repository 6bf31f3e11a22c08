package dev.mailtls.slack;

/**
 * Block Kit's limits (api.slack.com/reference/block-kit) and the cuts that keep a message within
 * them, always with a visible "… (N more …)" so a reader knows something was left out.
 */
final class Limits {
    /** Blocks in one message. */
    static final int MAX_BLOCKS = 50;
    /** Characters of a section's text. */
    static final int MAX_SECTION_TEXT = 3000;
    /** Characters of one section field. */
    static final int MAX_FIELD_TEXT = 2000;
    /** Fields of one section. */
    static final int MAX_FIELDS = 10;
    /** Characters of a header's plain text. */
    static final int MAX_HEADER_TEXT = 150;
    /** Elements of one context block. */
    static final int MAX_CONTEXT_ELEMENTS = 10;
    /** Characters of a button's label. */
    static final int MAX_BUTTON_TEXT = 75;
    /** Characters of a button's value. */
    static final int MAX_BUTTON_VALUE = 2000;
    /** Characters of a link button's URL. */
    static final int MAX_BUTTON_URL = 3000;
    /** Characters of a message's top-level notification text (40,000 at Slack; kept short). */
    static final int MAX_FALLBACK_TEXT = 3000;

    private Limits() {}

    /** At most {@code max} characters; a longer text ends with "… (N more characters)". */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        // The marker's length depends on N; reserve for the longest N this text can have.
        String longest = marker(s.length());
        int keep = Math.max(0, max - longest.length());
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        return s.substring(0, keep) + marker(s.length() - keep);
    }

    /**
     * Whole lines while they fit in {@code max} characters, then "… (N more lines)"; a single line
     * longer than the budget is cut by characters.
     */
    static String cutLines(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        String[] lines = s.split("\n", -1);
        StringBuilder b = new StringBuilder();
        int used = 0;
        for (int i = 0; i < lines.length; i++) {
            String tail = "\n… (" + (lines.length - i) + " more lines)";
            int need = (i == 0 ? 0 : 1) + lines[i].length();
            if (used + need + tail.length() > max) {
                if (i == 0) {
                    return cut(s, max);
                }
                return b + tail;
            }
            if (i > 0) {
                b.append('\n');
            }
            b.append(lines[i]);
            used += need;
        }
        return b.toString();
    }

    private static String marker(int more) {
        return "… (" + more + " more characters)";
    }
}
