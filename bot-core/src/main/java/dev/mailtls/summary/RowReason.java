package dev.mailtls.summary;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.probe.FailureCode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a summary row has its status, in the row itself: the code of the target's worst hint and the
 * first few words of its summary ({@code DNS_NOT_FOUND}, "smtp.example.com does not exist in DNS").
 * Without it a failed row shows only what is missing ("no TLS, no certificate"), which reads as the
 * server's fault even when the name does not resolve or the address policy refused the target.
 *
 * <p>The words come from the hint's summary and may hold a host name or server text: every renderer
 * escapes them as it escapes a hint's summary.
 *
 * @param code a hint code, a failure code, or {@link GroupRunner#NOT_PROBED}
 * @param words a few words of the hint's summary, cut at a word boundary; may be empty
 */
public record RowReason(String code, String words) {
    /** Longest {@link #words}, in characters, before they are cut at a word boundary. */
    public static final int MAX_WORDS = 60;

    public RowReason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(words, "words");
        if (code.isBlank()) {
            throw new IllegalArgumentException("a row reason needs a code, got a blank one");
        }
    }

    /** The worst hint of the report (the diagnoser sorts the most severe first); null without hints. */
    public static @Nullable RowReason of(Report report) {
        RowReason worst = of(report.hints());
        if (worst != null) {
            return worst;
        }
        var failure = report.result().failure();
        return failure == null
                ? null
                : new RowReason(failure.code().name(), failure.code().meaning());
    }

    /** The worst of {@code hints} (most severe first); null without hints. */
    static @Nullable RowReason of(List<Hint> hints) {
        Hint worst = Hint.worst(hints);
        return worst == null ? null : new RowReason(worst.code().name(), fewWords(worst.summary()));
    }

    /**
     * The snapshot's reason: the one it was stored with; for a snapshot stored before reasons were
     * (no words kept), its failure code and that code's meaning, else its first hint code.
     */
    public static @Nullable RowReason of(TargetSnapshot s) {
        if (s.worst() != null) {
            return s.worst();
        }
        String failure = s.failureCode();
        if (failure != null && !failure.isBlank()) {
            return new RowReason(failure, meaningOf(failure));
        }
        return s.hintCodes().stream()
                .sorted()
                .findFirst()
                .map(c -> new RowReason(c, ""))
                .orElse(null);
    }

    /** "DNS_NOT_FOUND smtp.example.com does not exist in DNS", or the code alone without words. */
    public String text() {
        return words.isEmpty() ? code : code + " " + words;
    }

    /**
     * {@link #text()} in at most {@code max} characters for a narrow column: the code whole, the words
     * cut after a whole word with "…" (none when no word fits).
     */
    public String text(int max) {
        String all = text();
        if (all.length() <= max) {
            return all;
        }
        int room = max - code.length() - 1;
        if (room < 2) {
            return code;
        }
        String cut = fewWords(words, room);
        return cut.length() <= 1 ? code : code + " " + cut;
    }

    /**
     * The start of {@code summary} on one line, at most {@value #MAX_WORDS} characters, cut after a
     * whole word and marked with "…"; a trailing full stop dropped. A first word longer than the limit
     * (a long host name) is cut inside.
     */
    static String fewWords(String summary) {
        return fewWords(summary, MAX_WORDS);
    }

    private static String fewWords(String summary, int max) {
        String s = summary.strip().replaceAll("\\s+", " ");
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() <= max) {
            return s;
        }
        int space = s.lastIndexOf(' ', max - 1);
        String cut = space > 0 ? s.substring(0, space) : s.substring(0, max - 1);
        while (!cut.isEmpty() && ":,;.(—-".indexOf(cut.charAt(cut.length() - 1)) >= 0) {
            cut = cut.substring(0, cut.length() - 1).stripTrailing();
        }
        return cut + "…";
    }

    private static String meaningOf(String failureCode) {
        if (failureCode.equals(GroupRunner.NOT_PROBED)) {
            return NOT_PROBED_WORDS;
        }
        try {
            return FailureCode.valueOf(failureCode).meaning();
        } catch (IllegalArgumentException unknown) {
            return "";
        }
    }

    /** What a target the throttles held back for a whole run says. */
    static final String NOT_PROBED_WORDS = "not probed: the connection limits held it back";
}
