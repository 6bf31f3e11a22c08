package dev.mailtls.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * One MX record.
 *
 * @param host the exchange, lower case, without the trailing dot; empty for the root ({@code MX 0
 *     .}, the Null MX of RFC 7505)
 */
public record MxRecord(int preference, String host) {
    public MxRecord {
        Objects.requireNonNull(host, "host");
        if (preference < 0 || preference > 65535) {
            throw new IllegalArgumentException("MX preference must be 0-65535: " + preference);
        }
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        host = host.toLowerCase(Locale.ROOT);
    }

    /** {@code MX 0 .}: the domain accepts no mail (RFC 7505). */
    public boolean isNull() {
        return host.isEmpty();
    }

    @Override
    public String toString() {
        return preference + " " + (host.isEmpty() ? "." : host);
    }
}
