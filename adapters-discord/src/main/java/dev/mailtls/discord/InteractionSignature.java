package dev.mailtls.discord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Checks Discord's Ed25519 signature of an interaction ({@code X-Signature-Ed25519} over {@code
 * X-Signature-Timestamp} + body) with the application's public key, and refuses timestamps further
 * than {@link #MAX_SKEW} from now, so a captured request cannot be replayed later.
 */
final class InteractionSignature {
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** The DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final PublicKey key;
    private final Clock clock;

    InteractionSignature(String publicKeyHex, Clock clock) {
        this.clock = clock;
        byte[] raw = HexFormat.of().parseHex(publicKeyHex);
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, was " + raw.length);
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
        try {
            this.key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("DISCORD_PUBLIC_KEY is not a usable Ed25519 key", e);
        }
    }

    boolean verify(@Nullable String signatureHex, @Nullable String timestamp, byte[] body) {
        if (signatureHex == null || timestamp == null || !signatureHex.matches("[0-9a-fA-F]{128}")) {
            return false;
        }
        if (!timestamp.matches("\\d{1,12}")) {
            return false;
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(at, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(timestamp.getBytes(StandardCharsets.UTF_8));
            s.update(body);
            return s.verify(HexFormat.of().parseHex(signatureHex));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
