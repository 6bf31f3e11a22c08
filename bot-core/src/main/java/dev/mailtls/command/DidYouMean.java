package dev.mailtls.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The closest known word to a mistyped one, for "did you mean starttls?": one rule for the command
 * grammar, the CLI's subcommands and the environment variables. Words are compared ignoring case by
 * optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring):
 * an insertion, a deletion, a substitution or a swap of two neighbours each cost 1. A word is close
 * when the distance is at most a third of its length (at least 1, at most 3), so that "startls" and
 * "smpt" find their word and "foo" finds none.
 */
public final class DidYouMean {
    private static final int MAX_DISTANCE = 3;
    /** Longer words are not compared: a typo is short, and the work grows with the square. */
    private static final int MAX_LENGTH = 64;

    private DidYouMean() {}

    /**
     * The known word closest to {@code word}, if one is close enough; on a tie the first in {@code
     * known}, so callers list the usual spelling before its aliases.
     */
    public static Optional<String> closest(String word, List<String> known) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.isEmpty() || w.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int limit = Math.max(1, Math.min(MAX_DISTANCE, w.length() / 3));
        @Nullable String best = null;
        int bestDistance = limit + 1;
        for (String k : known) {
            int d = distance(w, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The optimal string alignment distance between two words, or {@link Integer#MAX_VALUE} when
     * their lengths differ by more than the most any suggestion allows (or one is very long): then
     * the table is not worth filling.
     */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_DISTANCE || b.length() > MAX_LENGTH) {
            return Integer.MAX_VALUE;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
