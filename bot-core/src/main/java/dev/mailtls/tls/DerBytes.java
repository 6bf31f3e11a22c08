package dev.mailtls.tls;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The DER encoding of a certificate as an immutable value: equal when the bytes are equal (a record
 * holding a {@code byte[]} would compare by reference). Kept so the exact bytes a server presented
 * can be matched later, as DANE's TLSA records do (RFC 6698 §2.1.2).
 */
public final class DerBytes {
    private static final DerBytes EMPTY = new DerBytes(new byte[0]);

    private final byte[] bytes;

    private DerBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code der}: later changes to the array do not reach the value. */
    public static DerBytes of(byte[] der) {
        Objects.requireNonNull(der, "der");
        return der.length == 0 ? EMPTY : new DerBytes(der.clone());
    }

    /** No encoding: a certificate built by hand, or one whose encoding could not be read. */
    public static DerBytes empty() {
        return EMPTY;
    }

    /** A fresh copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The bytes in standard Base64, as a PEM body holds them (without line breaks). */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        // Constant-time compare: cheap, and no reason to leak where two encodings differ.
        return other instanceof DerBytes that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The length only: the bytes themselves are no use in a log line. */
    @Override
    public String toString() {
        return "DER, " + bytes.length + " bytes";
    }
}
