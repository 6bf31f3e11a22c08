package dev.mailtls.domain;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * DANE for one MX host: the TLSA records at {@code _25._tcp.<mx>}, whether DNSSEC vouches for
 * them, and whether they match the certificates the host presented.
 *
 * @param dnssec the DNSSEC verdict of the TLSA answer; null when the lookup failed
 * @param tlsa the records, in presentation form ({@code 3 1 1 8cb0…})
 * @param matched true when a usable record matched every address's chain, false when one did not,
 *     null when there was nothing to match (no records, not secure, or no chain seen)
 * @param detail one sentence for the card
 */
public record DaneCheck(
        @Nullable DnssecState dnssec,
        List<TlsaRecord> tlsa,
        @Nullable Boolean matched,
        String detail) {
    public DaneCheck {
        tlsa = List.copyOf(tlsa);
        Objects.requireNonNull(detail, "detail");
    }
}
