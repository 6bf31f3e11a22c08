package dev.mailtls.diagnosis;

import dev.mailtls.command.TryCommand;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A diagnosis: a stable code, how much it matters, a one-line summary, the detail, and what to
 * do about it.
 *
 * @param fix what to do; when it suggests another probe, it holds that probe as the CLI writes it
 *     ({@code mailtls probe ...}), and {@link #in} rewrites it for another front end
 * @param tryCommand the probe the fix suggests, as data; null when it suggests none
 */
public record Hint(
        HintCode code,
        Severity severity,
        String summary,
        String detail,
        String fix,
        @Nullable TryCommand tryCommand) {
    public Hint {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
        if (tryCommand != null && !fix.contains(tryCommand.in(TryCommand.Form.CLI))) {
            throw new IllegalArgumentException(code + ": the fix does not hold its suggested command '"
                    + tryCommand.in(TryCommand.Form.CLI) + "'");
        }
    }

    /**
     * The hint a reader sees first: the first of the most severe ({@code Diagnoser} lists them worst
     * first, so this is the first hint); null without hints.
     */
    public static @Nullable Hint worst(List<Hint> hints) {
        Hint worst = null;
        for (Hint h : hints) {
            if (worst == null || h.severity().compareTo(worst.severity()) > 0) {
                worst = h;
            }
        }
        return worst;
    }

    /** A hint that suggests no other probe. */
    public Hint(HintCode code, Severity severity, String summary, String detail, String fix) {
        this(code, severity, summary, detail, fix, null);
    }

    /** This hint as {@code form}'s front end shows it: its suggested probe in that front end's form. */
    public Hint in(TryCommand.Form form) {
        if (tryCommand == null || form == TryCommand.Form.CLI) {
            return this;
        }
        String fixed = fix.replace(tryCommand.in(TryCommand.Form.CLI), tryCommand.in(form));
        return new Hint(code, severity, summary, detail, fixed, null);
    }

    /** The same hint, suggesting {@code command}, which its fix must already hold in the CLI's form. */
    Hint suggesting(TryCommand command) {
        return new Hint(code, severity, summary, detail, fix, command);
    }
}
