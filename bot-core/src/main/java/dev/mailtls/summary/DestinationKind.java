package dev.mailtls.summary;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of {@link Destination}: the word before the colon and what may follow it. The core knows
 * {@link Destination#WEBHOOK_KIND}; each chat front end brings its own.
 */
public interface DestinationKind {

    /** Lower case, e.g. {@code webhook}. */
    String name();

    /** What follows the colon, for "write webhook:&lt;https URL&gt;": {@code <https URL>}. */
    String placeholder();

    /**
     * @param text the whole destination as written, for the message
     * @param target the part after the colon
     * @throws IllegalArgumentException naming {@code text} and saying what a valid target is
     */
    void check(String text, String target);

    /**
     * A kind whose targets match {@code target} in full.
     *
     * @param explanation what a valid target looks like, e.g. "Slack destinations are channel ids
     *     such as slack:C0123456 (…), not channel names"
     */
    static DestinationKind matching(String name, String placeholder, Pattern target, String explanation) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(placeholder, "placeholder");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(explanation, "explanation");
        return new DestinationKind() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String placeholder() {
                return placeholder;
            }

            @Override
            public void check(String text, String t) {
                if (!target.matcher(t).matches()) {
                    throw new IllegalArgumentException("'" + text + "': " + explanation);
                }
            }

            @Override
            public String toString() {
                return name + ":" + placeholder;
            }
        };
    }
}
