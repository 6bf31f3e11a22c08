package dev.mailtls.card;

import dev.mailtls.card.Card.Field;
import dev.mailtls.card.Card.Section;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A card as plain text for a terminal: labels aligned in a column, hints with their fix, optional
 * ANSI colour. Every line passes through {@link ServerText}: server text is shown as sent, except
 * that control characters become visible escapes.
 */
public final class TextRenderer {
    private static final int LABEL_WIDTH = 12;
    private static final int WRAP = 88;
    private static final int MAX_CODE_WIDTH = 20;
    static final String SUITES_LABEL = "TLS suites";

    private final boolean colour;
    private final boolean emoji;
    private final boolean transcript;

    /**
     * @param colour ANSI colours for the status line and hint symbols (only for a terminal)
     * @param transcript append the transcript after the card
     */
    public TextRenderer(boolean colour, boolean transcript) {
        this(colour, true, transcript);
    }

    /**
     * @param emoji the status emoji and the hint symbols; without them (plain {@code --no-color}
     *     output, a console that cannot show UTF-8) the title's verdict word stands alone and hints
     *     are marked in ASCII: {@code +} ok, {@code i} info, {@code !} warning, {@code x} error
     */
    public TextRenderer(boolean colour, boolean emoji, boolean transcript) {
        this.colour = colour;
        this.emoji = emoji;
        this.transcript = transcript;
    }

    /** No colour, no transcript. */
    public TextRenderer() {
        this(false, false);
    }

    public String render(Card card) {
        List<String> out = new ArrayList<>();
        out.add(paint(
                statusColour(card.status()),
                (emoji ? CardSymbols.statusIcon(card.status()) + " " : "") + safe(card.title())));
        if (!card.subtitle().isEmpty()) {
            out.add("   " + safe(card.subtitle()));
        }
        int width = labelWidth(card);
        for (Section s : card.sections()) {
            out.add("");
            Field heading = s.heading();
            if (heading != null) {
                field(out, "", heading, width);
                s.fields().forEach(f -> field(out, "  ", f, width - 2));
            } else {
                s.fields().forEach(f -> field(out, "", f, width));
            }
        }
        Card.SuiteTable suites = card.suites();
        if (suites != null) {
            out.add("");
            suites(out, suites, width);
        }
        if (!card.hints().isEmpty()) {
            out.add("");
            out.add("Hints");
            int codeWidth = Math.min(
                    MAX_CODE_WIDTH,
                    card.hints().stream()
                            .mapToInt(h -> h.code().name().length())
                            .max()
                            .orElse(0));
            card.hints().forEach(h -> hint(out, h, codeWidth));
        }
        out.add("");
        out.add(safe(card.timings()));
        if (card.cachedNote() != null) {
            out.add(card.cachedNote() + " · fresh to re-run");
        }
        if (transcript && !card.transcript().isEmpty()) {
            out.add("");
            out.add("Transcript");
            card.transcript().forEach(l -> out.add("  " + safe(l)));
            out.add("");
        }
        // Every card ends with the manual command that reproduces it.
        out.add("reproduce: " + safe(card.reproduceCommand()));
        String text = String.join("\n", out) + "\n";
        // The card's own marks (the trust line's ✔/✖, the validity arrow) too: a console that cannot show them
        // shows junk.
        return emoji
                ? text
                : text.replace("✔", "+")
                        .replace("✖", "x")
                        .replace("⚠", "!")
                        .replace("ℹ", "i")
                        .replace("→", "->");
    }

    /** CARD.md's 12 columns ("Certificate "), wider when a label needs it. */
    private static int labelWidth(Card card) {
        int longest = card.sections().stream()
                .flatMap(s -> s.heading() == null
                        ? s.fields().stream().map(f -> f.label().length())
                        : Stream.concat(
                                Stream.of(s.heading().label().length()),
                                s.fields().stream().map(f -> f.label().length() + 2)))
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
        return Math.max(LABEL_WIDTH, longest + 1);
    }

    private static void field(List<String> out, String indent, Field f, int width) {
        String[] lines = f.value().split("\n", -1);
        String pad = " ".repeat(indent.length() + width);
        String label = f.label().length() >= width ? f.label() + " " : padRight(f.label(), width);
        out.add(indent + safe(label) + safe(lines[0]));
        for (int i = 1; i < lines.length; i++) {
            out.add(pad + safe(lines[i]));
        }
    }

    /**
     * The deep probe's table under a "TLS suites" heading: a row per accepted version, its suites
     * beneath it one key exchange per line, wrapped with a hanging indent; then refused and unknown.
     */
    private static void suites(List<String> out, Card.SuiteTable t, int width) {
        field(out, "", Field.ours(SUITES_LABEL, t.heading()), width);
        String indent = " ".repeat(width + 2);
        for (Card.VersionRow row : t.versions()) {
            field(out, "  ", Field.ours(row.version(), row.summary()), width - 2);
            int kxWidth = row.groups().stream()
                    .mapToInt(g -> g.keyExchange().length())
                    .max()
                    .orElse(0);
            for (Card.SuiteGroup g : row.groups()) {
                String head = g.keyExchange().isEmpty() ? "" : padRight(g.keyExchange(), kxWidth + 2);
                List<String> lines = wrapList(g.ciphers(), WRAP - indent.length() - head.length());
                out.add(indent + safe(head) + safe(lines.get(0)));
                String hanging = indent + " ".repeat(head.length());
                lines.subList(1, lines.size()).forEach(l -> out.add(hanging + safe(l)));
            }
        }
        if (!t.refused().isEmpty()) {
            field(out, "  ", Field.ours("refused", String.join(", ", t.refused())), width - 2);
        }
        if (!t.unknown().isEmpty()) {
            field(out, "  ", Field.ours("unknown", String.join("\n", t.unknown())), width - 2);
        }
    }

    /** Items joined by " · ", a line ending with "·" where the next item does not fit. */
    static List<String> wrapList(List<String> items, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String item : items) {
            if (!line.isEmpty() && line.length() + 3 + item.length() + 2 > Math.max(20, width)) {
                lines.add(line + " ·");
                line.setLength(0);
            } else if (!line.isEmpty()) {
                line.append(" · ");
            }
            line.append(item);
        }
        lines.add(line.toString());
        return lines;
    }

    private void hint(List<String> out, Hint h, int width) {
        String code = h.code().name();
        String symbol = emoji ? CardSymbols.severitySymbol(h.severity()) : asciiSymbol(h.severity());
        String head = "  " + paint(severityColour(h.severity()), symbol) + " ";
        String codeCol = code.length() >= width ? code + "  " : padRight(code, width + 2);
        int indent = 4 + Math.max(width + 2, code.length() + 2);
        List<String> summary = wrap(safe(h.summary()), WRAP - indent);
        out.add(head + codeCol + summary.get(0));
        String pad = " ".repeat(indent);
        summary.subList(1, summary.size()).forEach(l -> out.add(pad + l));
        if (h.severity() == Severity.WARNING || h.severity() == Severity.ERROR) {
            wrap(safe(h.detail()), WRAP - indent).forEach(l -> out.add(pad + l));
            if (!h.fix().isEmpty()) {
                wrap((emoji ? "→ " : "-> ") + safe(h.fix()), WRAP - indent).forEach(l -> out.add(pad + l));
            }
        }
    }

    /** Greedy word wrap; a word longer than the width stays whole on its own line. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > Math.max(20, width)) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String safe(String s) {
        return ServerText.oneLine(s);
    }

    private String paint(String ansi, String text) {
        return colour ? "\u001B[" + ansi + "m" + text + "\u001B[0m" : text;
    }

    /** One character, as wide as the symbol it stands for, so the columns stay aligned. */
    private static String asciiSymbol(Severity s) {
        return switch (s) {
            case OK -> "+";
            case INFO -> "i";
            case WARNING -> "!";
            case ERROR -> "x";
        };
    }

    private static String statusColour(Status s) {
        return switch (s) {
            case OK -> "1;32";
            case WARNING -> "1;33";
            case FAILURE -> "1;31";
        };
    }

    private static String severityColour(Severity s) {
        return switch (s) {
            case OK -> "32";
            case INFO -> "36";
            case WARNING -> "33";
            case ERROR -> "31";
        };
    }
}
