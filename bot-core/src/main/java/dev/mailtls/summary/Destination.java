package dev.mailtls.summary;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a group's summary is posted: {@code webhook:https://hooks.example.com/x}, or a chat
 * front end's kind such as {@code slack:C0123456}. The core knows only {@code webhook}; the
 * front ends bring their kinds ({@link DestinationKind}) to {@link #parse(String, List)}.
 *
 * @param kind the word before the colon, lower case: {@code webhook} or a front end's kind
 * @param target the channel id or the URL
 */
public record Destination(String kind, String target) {
    public static final String WEBHOOK = "webhook";

    /** An outgoing webhook: an http(s) URL with a host. */
    public static final DestinationKind WEBHOOK_KIND = new DestinationKind() {
        @Override
        public String name() {
            return WEBHOOK;
        }

        @Override
        public String placeholder() {
            return "<https URL>";
        }

        @Override
        public void check(String text, String target) {
            URI u;
            try {
                u = URI.create(target);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "': not a URL");
            }
            if (u.getScheme() == null
                    || !(u.getScheme().equals("https") || u.getScheme().equals("http"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "': webhook destinations are http(s) URLs");
            }
        }
    };

    public Destination {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
    }

    /**
     * A webhook destination, the only kind the core knows.
     *
     * @throws IllegalArgumentException saying what a valid destination looks like
     */
    public static Destination parse(String text) {
        return parse(text, List.of());
    }

    /**
     * @param kinds the front ends' kinds, in the order messages name them; {@code webhook} is
     *     always known, and named last
     * @throws IllegalArgumentException saying what a valid destination looks like
     */
    public static Destination parse(String text, List<DestinationKind> kinds) {
        List<DestinationKind> known = new ArrayList<>(kinds);
        known.add(WEBHOOK_KIND);
        String t = text.strip();
        int colon = t.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + t + "' is not a destination: write "
                    + alternatives(known.stream()
                            .map(k -> k.name() + ":" + k.placeholder())
                            .toList()));
        }
        String kind = t.substring(0, colon).toLowerCase(Locale.ROOT);
        String target = t.substring(colon + 1).strip();
        DestinationKind k = known.stream()
                .filter(c -> c.name().equals(kind))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + t + "': unknown destination kind '" + kind
                        + "'; use "
                        + alternatives(known.stream().map(c -> c.name() + ":").toList())));
        k.check(t, target);
        return new Destination(kind, target);
    }

    /** "a, b or c". */
    private static String alternatives(List<String> words) {
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }

    @Override
    public String toString() {
        // A webhook URL may carry a secret in its path: show only its host.
        return kind.equals(WEBHOOK) ? kind + ":" + URI.create(target).getHost() + "/…" : kind + ":" + target;
    }
}
