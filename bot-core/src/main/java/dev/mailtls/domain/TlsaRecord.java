package dev.mailtls.domain;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One TLSA record (RFC 6698): certificate usage, selector, matching type and the association data.
 *
 * @param data the certificate association data in lower-case hex
 */
public record TlsaRecord(int usage, int selector, int matchingType, String data) {
    public TlsaRecord {
        Objects.requireNonNull(data, "data");
        if (usage < 0 || usage > 255 || selector < 0 || selector > 255 || matchingType < 0 || matchingType > 255) {
            throw new IllegalArgumentException("TLSA fields are 0-255: " + usage + " " + selector + " " + matchingType);
        }
        data = data.toLowerCase(Locale.ROOT);
        HexFormat.of().parseHex(data); // throws on anything that is not hex
    }

    public byte[] dataBytes() {
        return HexFormat.of().parseHex(data);
    }

    /** {@code 3 1 1 8cb0...}: the record's presentation form. */
    @Override
    public String toString() {
        return usage + " " + selector + " " + matchingType + " " + data;
    }
}
