package dev.mailtls.card;

import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;

/**
 * The one table of what a status and a severity look like, for every front end that shows Unicode
 * (terminal, Markdown, Discord, the web page, the summaries). A platform with its own codes (Slack's
 * {@code :white_check_mark:}) keeps one mapping of these enums, never a copy of this table.
 */
public final class CardSymbols {
    private CardSymbols() {}

    /** ✅ ⚠️ ❌: the status of a card or a run, leading its title. */
    public static String statusIcon(Status s) {
        return switch (s) {
            case OK -> "✅";
            case WARNING -> "⚠️";
            case FAILURE -> "❌";
        };
    }

    /** ✔ ℹ ⚠ ✖: a hint's severity. */
    public static String severitySymbol(Severity s) {
        return switch (s) {
            case OK -> "✔";
            case INFO -> "ℹ";
            case WARNING -> "⚠";
            case ERROR -> "✖";
        };
    }

    /** The severity a status matches: OK, WARNING, or ERROR for a failure. */
    public static Severity severityOf(Status s) {
        return switch (s) {
            case OK -> Severity.OK;
            case WARNING -> Severity.WARNING;
            case FAILURE -> Severity.ERROR;
        };
    }
}
