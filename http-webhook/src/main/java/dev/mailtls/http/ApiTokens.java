package dev.mailtls.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens the API accepts, held only as SHA-256 hashes and compared in constant time.
 * Configuration may give a token in clear or as {@code sha256:<64 hex digits>} (so a config file
 * need not hold the secret). A caller is known by its token's id: the first 8 hex digits of the
 * hash, safe to log.
 */
public final class ApiTokens {
    /** Shorter tokens are refused at start: they could be guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final String HASH_PREFIX = "sha256:";
    private final List<byte[]> hashes;

    private ApiTokens(List<byte[]> hashes) {
        this.hashes = List.copyOf(hashes);
    }

    /** No tokens: the API refuses every request. */
    public static ApiTokens none() {
        return new ApiTokens(List.of());
    }

    /**
     * Parses configured tokens, in clear or as {@code sha256:<hex>}.
     *
     * @throws IllegalArgumentException naming the position (never the value) of a bad entry
     */
    public static ApiTokens of(List<String> configured) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            String t = configured.get(i).strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.regionMatches(true, 0, HASH_PREFIX, 0, HASH_PREFIX.length())) {
                String hex = t.substring(HASH_PREFIX.length());
                if (!hex.matches("[0-9A-Fa-f]{64}")) {
                    throw new IllegalArgumentException(
                            "API token #" + (i + 1) + " starts with sha256: but is not 64 hex digits");
                }
                hashes.add(HexFormat.of().parseHex(hex));
            } else {
                if (t.length() < MIN_TOKEN_LENGTH || t.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                    throw new IllegalArgumentException("API token #" + (i + 1) + " must be at least " + MIN_TOKEN_LENGTH
                            + " printable ASCII characters without spaces");
                }
                hashes.add(sha256(t));
            }
        }
        return new ApiTokens(hashes);
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    public int size() {
        return hashes.size();
    }

    /**
     * The caller's token id when the {@code Authorization} header holds a known bearer token.
     * Every configured hash is compared, in constant time, whichever matches.
     */
    public Optional<String> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorizationHeader.substring(7).strip());
        boolean found = false;
        for (byte[] h : hashes) {
            found |= MessageDigest.isEqual(h, presented);
        }
        return found ? Optional.of(idOf(presented)) : Optional.empty();
    }

    /** {@code sha256:<hex>} of a token: what to put in configuration instead of the token. */
    public static String hashForConfig(String token) {
        return HASH_PREFIX + HexFormat.of().formatHex(sha256(token));
    }

    private static String idOf(byte[] hash) {
        return "token:" + HexFormat.of().formatHex(hash, 0, 4);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiTokens[" + hashes.size() + " configured]";
    }
}
