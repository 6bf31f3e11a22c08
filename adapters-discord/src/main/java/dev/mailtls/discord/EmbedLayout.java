package dev.mailtls.discord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.jspecify.annotations.Nullable;

/**
 * Chooses an embed's fields within Discord's limits: 25 fields, 1,024 characters per value, 6,000
 * characters per embed. Fields are admitted by priority (errors before facts before tips), shrunk
 * when only part of one fits, and shown in the card's order; those left out are named in a last
 * "… (N more)" field, so a cut is always visible.
 */
final class EmbedLayout {
    static final int FACTS = 2;
    static final int CERTIFICATE = 3;
    /** A deep probe's suite table: after every hint (tips at {@code CERTIFICATE + 1} and {@code + 2}). */
    static final int SUITES = CERTIFICATE + 3;

    /** Room kept for the "… (N more)" field. */
    static final int OVERFLOW_RESERVE = 200;
    /** A field shrunk below this says too little to be worth its place. */
    static final int MIN_SHRUNK_VALUE = 120;

    private record Candidate(int priority, int order, String name, IntFunction<MessageEmbed.Field> atMost) {}

    private record Placed(int order, MessageEmbed.Field field) {}

    private final int budget;
    private final List<Candidate> candidates = new ArrayList<>();

    /** @param budget characters left for fields once title, description and footer are counted */
    EmbedLayout(int budget) {
        this.budget = budget;
    }

    /**
     * @param atMost the field with a value of at most this many characters (and within
     *     {@link MessageEmbed#VALUE_MAX_LENGTH} whatever it is given)
     */
    void add(int priority, int order, String name, IntFunction<MessageEmbed.Field> atMost) {
        candidates.add(new Candidate(priority, order, name, atMost));
    }

    List<MessageEmbed.Field> fields() {
        List<Candidate> byPriority = new ArrayList<>(candidates);
        byPriority.sort(Comparator.comparingInt(Candidate::priority).thenComparingInt(Candidate::order));
        int left = budget - OVERFLOW_RESERVE;
        List<Placed> placed = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        for (Candidate c : byPriority) {
            MessageEmbed.Field f = placed.size() < MessageEmbed.MAX_FIELD_AMOUNT ? fitting(c, left) : null;
            if (f == null) {
                omitted.add(c.name());
                continue;
            }
            placed.add(new Placed(c.order(), f));
            left -= length(f);
        }
        if (!omitted.isEmpty() && placed.size() == MessageEmbed.MAX_FIELD_AMOUNT) {
            // The "… (N more)" field needs a slot: the least important field placed gives it up.
            Placed last = placed.remove(placed.size() - 1);
            omitted.add(0, last.field().getName());
        }
        placed.sort(Comparator.comparingInt(Placed::order));
        List<MessageEmbed.Field> out = new ArrayList<>();
        placed.forEach(p -> out.add(p.field()));
        if (!omitted.isEmpty()) {
            out.add(overflow(omitted));
        }
        return out;
    }

    /** The candidate whole, or shrunk to the room left, or null when not even a useful part fits. */
    private static MessageEmbed.@Nullable Field fitting(Candidate c, int left) {
        MessageEmbed.Field f = c.atMost().apply(MessageEmbed.VALUE_MAX_LENGTH);
        if (length(f) <= left) {
            return f;
        }
        int room = left - f.getName().length();
        if (room < MIN_SHRUNK_VALUE) {
            return null;
        }
        MessageEmbed.Field shrunk = c.atMost().apply(room);
        return length(shrunk) <= left ? shrunk : null;
    }

    private static MessageEmbed.Field overflow(List<String> omitted) {
        String value = DiscordText.fit("Not shown: " + String.join(", ", omitted) + ".", 120, DiscordText::prose)
                + " The attached file has the whole card.";
        return new MessageEmbed.Field("… (" + omitted.size() + " more)", value, false);
    }

    private static int length(MessageEmbed.Field f) {
        return f.getName().length() + f.getValue().length();
    }
}
