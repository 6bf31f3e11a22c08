package dev.mailtls.domain;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One DNS question's answer as a domain check reads it.
 *
 * @param outcome {@link Outcome#OK} with records (none: the name exists without this type),
 *     {@link Outcome#NXDOMAIN}, or {@link Outcome#FAILED} (timeout, SERVFAIL, refused)
 * @param records the records, in the order the server gave them; empty unless OK
 * @param dnssec what validation said; null when the lookup failed before a verdict (a timeout)
 * @param problem for FAILED, what went wrong in words (the validator's reason for a bogus answer);
 *     null otherwise
 */
public record DnsAnswer<T>(
        DnsAnswer.Outcome outcome,
        List<T> records,
        @Nullable DnssecState dnssec,
        @Nullable String problem) {

    /** How the question ended. */
    public enum Outcome {
        OK,
        NXDOMAIN,
        FAILED
    }

    public DnsAnswer {
        Objects.requireNonNull(outcome, "outcome");
        records = List.copyOf(records);
        if (outcome != Outcome.OK && !records.isEmpty()) {
            throw new IllegalArgumentException("only an OK answer holds records: " + outcome);
        }
        if (outcome == Outcome.FAILED && problem == null) {
            throw new IllegalArgumentException("a failed answer says what went wrong");
        }
    }

    public static <T> DnsAnswer<T> ok(List<T> records, DnssecState dnssec) {
        return new DnsAnswer<>(Outcome.OK, records, dnssec, null);
    }

    public static <T> DnsAnswer<T> nxdomain(DnssecState dnssec) {
        return new DnsAnswer<>(Outcome.NXDOMAIN, List.of(), dnssec, null);
    }

    /**
     * @param dnssec {@link DnssecState#BOGUS} when validation failed, else null
     */
    public static <T> DnsAnswer<T> failed(String problem, @Nullable DnssecState dnssec) {
        return new DnsAnswer<>(Outcome.FAILED, List.of(), dnssec, problem);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
