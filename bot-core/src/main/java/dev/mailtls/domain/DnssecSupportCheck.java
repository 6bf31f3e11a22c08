package dev.mailtls.domain;

import dev.mailtls.net.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds out whether a resolver can support DNSSEC validation ({@link DnssecSupport}): it asks the
 * resolver itself, with the DO bit, for the DNSKEY records of each zone the trust anchors name (the
 * root for the IANA anchors), and wants them back with their RRSIG records; then it asks again
 * through the validator, which must find them secure. Many home routers and some forwarders strip
 * the signatures, ignore DO, or answer NXDOMAIN, SERVFAIL or REFUSED for the root's keys: through
 * them every signed answer would look bogus.
 *
 * <p>The verdict is kept for a while ({@link DnsjavaDomainDns#SUPPORT_TTL}) and shared: the first
 * question asks, the others wait for the same answer.
 */
final class DnssecSupportCheck {

    private final ValidatedQuestions direct;
    private final ValidatedQuestions validated;
    private final List<Name> zones;
    private final String resolver;
    private final String server;
    private final String anchors;
    private final Duration keep;
    private final Ticker ticker;
    private final Executor executor;

    /** The verdict in force or being asked for; null before the first question. */
    private @Nullable CompletableFuture<DnssecSupport> current;

    private long askedAt;

    /**
     * @param direct questions to the resolver itself, with the DO bit set
     * @param validated the same resolver under the validator
     * @param zones the zones the anchors name, in the file's order
     * @param resolver the resolver in words, for the verdict
     * @param server how messages name the server ({@code 127.0.0.1:53})
     * @param anchors where the anchors came from, for the verdict
     * @param keep how long a verdict is kept, on {@code ticker}
     */
    DnssecSupportCheck(
            ValidatedQuestions direct,
            ValidatedQuestions validated,
            List<Name> zones,
            String resolver,
            String server,
            String anchors,
            Duration keep,
            Ticker ticker,
            Executor executor) {
        this.direct = direct;
        this.validated = validated;
        this.zones = List.copyOf(zones);
        this.resolver = resolver;
        this.server = server;
        this.anchors = anchors;
        this.keep = keep;
        this.ticker = ticker;
        this.executor = executor;
        if (this.zones.isEmpty()) {
            throw new IllegalArgumentException("no anchored zone to ask about");
        }
    }

    /**
     * The verdict in force, waiting for it until {@code deadline} ({@link System#nanoTime()}
     * terms); a new one is asked for when the kept one is too old, or, with {@code again} (a
     * check's start), when the last question got no answer. Questions pass {@code again} false,
     * so a silent server costs each of them one wait, not two.
     */
    DnssecSupport verdict(boolean again, long deadline) {
        CompletableFuture<DnssecSupport> verdict;
        synchronized (this) {
            verdict = current;
            boolean stale = verdict == null
                    || verdict.isDone()
                            && (ticker.nanos() - askedAt >= keep.toNanos()
                                    || again && verdict.join().verdict() == DnssecSupport.Verdict.NO_ANSWER);
            if (stale) {
                askedAt = ticker.nanos();
                long own = validated.deadline();
                verdict = CompletableFuture.supplyAsync(() -> ask(own), executor);
                current = verdict;
            }
        }
        try {
            return verdict.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new DnssecSupport(DnssecSupport.Verdict.NO_ANSWER, resolver, "no verdict by the deadline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DnssecSupport(DnssecSupport.Verdict.NO_ANSWER, resolver, "interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the DNSSEC support check of " + server + " failed", e.getCause());
        }
    }

    /**
     * The verdict by {@code deadline}: the first anchored zone whose keys validate makes it {@link
     * DnssecSupport.Verdict#VALIDATES}; otherwise the first zone's finding stands.
     */
    private DnssecSupport ask(long deadline) {
        DnssecSupport first = null;
        for (Name zone : zones) {
            DnssecSupport verdict = ask(zone, deadline);
            if (verdict.verdict() == DnssecSupport.Verdict.VALIDATES) {
                return verdict;
            }
            if (first == null) {
                first = verdict;
            }
        }
        return first;
    }

    private DnssecSupport ask(Name zone, long deadline) {
        String keys = "the DNSKEY records of " + (zone.equals(Name.root) ? "the root zone (.)" : zone.toString(true));
        Message response;
        try {
            response = direct.message(zone, Type.DNSKEY, deadline);
        } catch (ValidatedQuestions.QuestionFailed e) {
            return new DnssecSupport(DnssecSupport.Verdict.NO_ANSWER, resolver, e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) {
            return noSignatures(server + " answered " + Rcode.string(rcode) + " when asked for " + keys
                    + (rcode == Rcode.NXDOMAIN ? ", a zone that exists" : ""));
        }
        List<org.xbill.DNS.Record> answer = response.getSection(Section.ANSWER);
        boolean dnskey = answer.stream()
                .anyMatch(r -> r.getType() == Type.DNSKEY && r.getName().equals(zone));
        if (!dnskey) {
            return noSignatures(server + " answered without " + keys);
        }
        boolean signed = answer.stream()
                .anyMatch(r -> r instanceof RRSIGRecord sig
                        && sig.getTypeCovered() == Type.DNSKEY
                        && r.getName().equals(zone));
        if (!signed) {
            return noSignatures(server + " sent " + keys + " without their signatures (RRSIG), although asked"
                    + " for them with the DO bit");
        }
        DnsAnswer<org.xbill.DNS.Record> checked =
                validated.ask(zone.toString(), Type.DNSKEY, deadline, record -> record);
        if (checked.ok()
                && checked.dnssec() == DnssecState.SECURE
                && !checked.records().isEmpty()) {
            return DnssecSupport.validates(resolver);
        }
        if (checked.dnssec() == null && checked.outcome() == DnsAnswer.Outcome.FAILED) {
            return new DnssecSupport(DnssecSupport.Verdict.NO_ANSWER, resolver, checked.problem());
        }
        return new DnssecSupport(
                DnssecSupport.Verdict.NOT_ANCHORED,
                resolver,
                server + " sent " + keys + " signed, but they do not validate against " + anchors
                        + (checked.problem() == null
                                ? " ("
                                        + (checked.dnssec() == null
                                                ? "no verdict"
                                                : checked.dnssec().id()) + ")"
                                : ": " + checked.problem()));
    }

    private DnssecSupport noSignatures(String problem) {
        return new DnssecSupport(DnssecSupport.Verdict.NO_SIGNATURES, resolver, problem);
    }
}
