package dev.mailtls.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Recent transcripts by a short random key, so the card's Transcript button carries the key (a
 * button value is small and visible to the workspace) and not the transcript. Bounded in count and
 * age: an old button answers that the transcript is gone.
 */
public final class TranscriptStore {
    /** How long a card's Transcript button works. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private static final int MAX_ENTRIES = 2_000;

    /** A transcript and the target it belongs to. */
    public record Entry(String target, List<String> lines) {
        public Entry {
            lines = List.copyOf(lines);
        }
    }

    private final Cache<String, Entry> entries;
    private final SecureRandom random = new SecureRandom();

    public TranscriptStore(Duration ttl) {
        this.entries = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(MAX_ENTRIES)
                .build();
    }

    public TranscriptStore() {
        this(DEFAULT_TTL);
    }

    /** Keeps a transcript and returns its key: 20 hex digits, unguessable. */
    public String put(String target, List<String> lines) {
        byte[] b = new byte[10];
        random.nextBytes(b);
        String key = HexFormat.of().formatHex(b);
        entries.put(key, new Entry(target, lines));
        return key;
    }

    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }
}
