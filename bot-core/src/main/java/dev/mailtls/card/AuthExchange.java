package dev.mailtls.card;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.card.Card.Field;
import java.util.Locale;

/**
 * The auth probe as one field: "AUTH LOGIN → 334 Username: → &lt;redacted&gt; → …" then "← final
 * reply". Client values are already redacted by the prober.
 */
final class AuthExchange {
    private AuthExchange() {}

    static Field field(AuthOutcome auth) {
        String steps = String.join(" → ", auth.exchange());
        String fin = auth.finalReply();
        if (fin == null || fin.isBlank()) {
            return Field.server(
                    "Auth probe", steps.isEmpty() ? auth.verdict().name().toLowerCase(Locale.ROOT) : steps);
        }
        // The last step usually ends with the final reply; show it once, on its own line.
        if (steps.endsWith(" → " + fin)) {
            steps = steps.substring(0, steps.length() - fin.length() - 3);
        } else if (steps.equals(fin)) {
            steps = "";
        }
        StringBuilder b = new StringBuilder(steps);
        String[] lines = fin.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!b.isEmpty()) {
                b.append('\n');
            }
            b.append(i == 0 ? "← " : "  ").append(lines[i]);
        }
        return Field.server("Auth probe", b.toString());
    }
}
