package dev.mailtls.domain;

import dev.mailtls.internal.text.HumanTime;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Asks one question through the validating resolver and reads its answer: the rcode, the AD flag,
 * the validator's reason for a bogus answer, and a CNAME chain the server left unfinished. Over a
 * resolver that does not validate (the server itself, when it cannot support validation: {@link
 * DnssecSupport}) every verdict is {@link DnssecState#INDETERMINATE}.
 */
final class ValidatedQuestions {

    /** CNAMEs followed beyond what the server put in one answer, as dnsjava's lookups allow. */
    private static final int MAX_CNAME_HOPS = 8;

    private final Resolver resolver;
    private final String server;
    private final Duration questionTimeout;
    private final Duration overallTimeout;
    private final Executor executor;
    private final boolean validating;

    /**
     * @param resolver the validating resolver, or the server itself
     * @param validating whether {@code resolver} validates: its AD flag and SERVFAIL reasons count
     * @param server how messages name the server ({@code 127.0.0.1:5353})
     */
    ValidatedQuestions(
            Resolver resolver,
            boolean validating,
            String server,
            Duration questionTimeout,
            Duration overallTimeout,
            Executor executor) {
        this.resolver = resolver;
        this.validating = validating;
        this.server = server;
        this.questionTimeout = questionTimeout;
        this.overallTimeout = overallTimeout;
        this.executor = executor;
    }

    /** The moment a call that starts now must end by, in {@link System#nanoTime()} terms. */
    long deadline() {
        return System.nanoTime() + overallTimeout.toNanos();
    }

    /**
     * One question, following a CNAME chain the server's answer leaves unfinished, with the weakest
     * DNSSEC verdict along the chain.
     */
    <T> DnsAnswer<T> ask(String name, int type, long deadline, Function<org.xbill.DNS.Record, T> convert) {
        Name target = name(name);
        DnssecState chain = validating ? DnssecState.SECURE : DnssecState.INDETERMINATE;
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            Message response;
            try {
                response = message(target, type, deadline);
            } catch (QuestionFailed e) {
                return DnsAnswer.failed(e.getMessage(), null);
            }
            int rcode = response.getRcode();
            DnssecState state = validating
                    ? weaker(chain, response.getHeader().getFlag(Flags.AD) ? DnssecState.SECURE : DnssecState.INSECURE)
                    : DnssecState.INDETERMINATE;
            if (rcode == Rcode.SERVFAIL) {
                String reason = validating ? validationReason(response) : null;
                return reason == null
                        ? DnsAnswer.failed(
                                server + " answered SERVFAIL for " + target.toString(true) + " " + Type.string(type),
                                null)
                        : DnsAnswer.failed(reason, DnssecState.BOGUS);
            }
            if (rcode == Rcode.NXDOMAIN) {
                return DnsAnswer.nxdomain(state);
            }
            if (rcode != Rcode.NOERROR) {
                return DnsAnswer.failed(
                        server + " answered " + Rcode.string(rcode) + " for " + target.toString(true) + " "
                                + Type.string(type),
                        null);
            }
            List<T> records = new ArrayList<>();
            List<org.xbill.DNS.Record> answer = response.getSection(Section.ANSWER);
            for (org.xbill.DNS.Record record : answer) {
                if (record.getType() == type) {
                    records.add(convert.apply(record));
                }
            }
            if (!records.isEmpty()) {
                return DnsAnswer.ok(records, state);
            }
            Name end = lastAlias(target, answer);
            if (end.equals(target)) {
                return DnsAnswer.ok(List.of(), state); // NODATA: the name exists without this type
            }
            chain = state;
            target = end;
        }
        return DnsAnswer.failed("more than " + MAX_CNAME_HOPS + " CNAMEs from " + name, null);
    }

    /** Where the CNAME records in {@code answer} lead from {@code start}. */
    private static Name lastAlias(Name start, List<org.xbill.DNS.Record> answer) {
        Name current = start;
        for (int i = 0; i <= answer.size(); i++) {
            Name next = null;
            for (org.xbill.DNS.Record record : answer) {
                if (record instanceof CNAMERecord cname && record.getName().equals(current)) {
                    next = cname.getTarget();
                }
            }
            if (next == null || next.equals(start)) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /** One message for {@code name} {@code type}, as the resolver answers it, by {@code deadline}. */
    Message message(Name name, int type, long deadline) throws QuestionFailed {
        Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN));
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new QuestionFailed(noAnswer(overallTimeout));
        }
        CompletableFuture<Message> future = resolver.sendAsync(query, executor).toCompletableFuture();
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new QuestionFailed(noAnswer(overallTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuestionFailed(
                    "interrupted while asking " + server + " for " + name.toString(true) + " " + Type.string(type));
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException ? unwrap(e.getCause()) : e;
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                throw new QuestionFailed(noAnswer(questionTimeout));
            }
            throw new QuestionFailed("cannot ask " + server + " for " + name.toString(true) + " " + Type.string(type)
                    + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        }
    }

    private String noAnswer(Duration waited) {
        return "no answer from " + server + " in " + HumanTime.of(waited.toMillis());
    }

    private static Throwable unwrap(Throwable cause) {
        Throwable current = cause;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The validator's reason for a bogus answer: a TXT record of its private class in the additional section. */
    private static @Nullable String validationReason(Message response) {
        for (org.xbill.DNS.Record record : response.getSection(Section.ADDITIONAL)) {
            if (record instanceof TXTRecord txt && record.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                return String.join("", txt.getStrings());
            }
        }
        return null;
    }

    static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".", Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: \"" + text + "\": " + e.getMessage(), e);
        }
    }

    static DnssecState weaker(@Nullable DnssecState a, @Nullable DnssecState b) {
        if (a == null || b == null) {
            return a == null ? Objects.requireNonNullElse(b, DnssecState.INSECURE) : a;
        }
        return a.ordinal() > b.ordinal() ? a : b;
    }

    /** A question that ended without an answer; the message says why, in words. */
    static final class QuestionFailed extends Exception {
        private static final long serialVersionUID = 1L;

        QuestionFailed(String message) {
            super(message, null, false, false);
        }
    }
}
