package dev.mailtls.card;

import dev.mailtls.card.Card.Field;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changed after STARTTLS: "+ AUTH LOGIN PLAIN   − STARTTLS". RFC 3207 §4.2: the client
 * discards what it learned before TLS, so the list after TLS is the one that counts.
 */
final class CapabilityDiff {
    private CapabilityDiff() {}

    static Field field(List<String> before, List<String> after) {
        Set<String> was = normalised(before);
        Set<String> now = normalised(after);
        List<String> added = after.stream().filter(c -> !was.contains(key(c))).toList();
        List<String> removed =
                before.stream().filter(c -> !now.contains(key(c))).toList();
        if (added.isEmpty() && removed.isEmpty()) {
            return Field.ours("After TLS", "same as before TLS");
        }
        StringBuilder b = new StringBuilder();
        if (!added.isEmpty()) {
            b.append("+ ").append(CardComposer.joined(added));
        }
        if (!removed.isEmpty()) {
            b.append(b.isEmpty() ? "" : "   ").append("− ").append(CardComposer.joined(removed));
        }
        return Field.server("After TLS", b.toString());
    }

    private static Set<String> normalised(List<String> caps) {
        return caps.stream().map(CapabilityDiff::key).collect(Collectors.toSet());
    }

    private static String key(String cap) {
        return cap.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }
}
