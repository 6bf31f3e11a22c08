package dev.mailtls.domain;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one TLSA record fared against the chain a server presented.
 *
 * @param certificate the matched certificate's position in the presented chain, 0 for the leaf;
 *     null unless {@link Status#MATCHED}
 * @param reason what was compared, in words: the certificate matched, or why none did (with the
 *     leaf's own digest when that helps the fix), or why the record is unusable
 * @param renewal what a certificate renewal does to this record
 */
public record TlsaRecordMatch(
        TlsaRecord record, Status status, @Nullable Integer certificate, String reason, RenewalEffect renewal) {

    /** A record matched, did not, or is not one SMTP uses (RFC 7672 §3.1.3) and so is neither. */
    public enum Status {
        MATCHED,
        NOT_MATCHED,
        UNUSABLE
    }

    public TlsaRecordMatch {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(renewal, "renewal");
        if ((status == Status.MATCHED) != (certificate != null)) {
            throw new IllegalArgumentException("a matched record names its certificate, no other does: " + status
                    + " with certificate " + certificate);
        }
    }

    public boolean matched() {
        return status == Status.MATCHED;
    }

    public boolean usable() {
        return status != Status.UNUSABLE;
    }
}
