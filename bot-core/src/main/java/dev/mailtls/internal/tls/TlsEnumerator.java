package dev.mailtls.internal.tls;

import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.tls.HelloOffer.Answer;
import dev.mailtls.internal.tls.SuiteCatalog.Family;
import dev.mailtls.internal.tls.SuiteCatalog.Suite;
import dev.mailtls.tls.TlsEnumeration;
import dev.mailtls.tls.TlsEnumeration.Acceptance;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Every version and cipher suite a server accepts, one ClientHello per question ({@link
 * HelloOffer}), the way nmap's ssl-enum-ciphers asks: per version, offer the suites of one
 * key-exchange family, note the one the server picks, offer the rest again, until it refuses. Then,
 * per version, whether it picks by its own order or the client's.
 *
 * <p>Servers limit connections and some close without an alert when a hello mixes DHE with other
 * key exchanges, so: a bounded number of connections at once, one family per hello, and an offer
 * that gets no answer (closed, reset, timed out) is retried after a pause and otherwise reported as
 * unknown, never as "not accepted".
 */
public final class TlsEnumerator {

    /** Opens one connection, ready for a ClientHello (for STARTTLS, past the go-ahead). */
    @FunctionalInterface
    public interface Opener {
        Socket open() throws IOException;
    }

    /**
     * How hard to ask.
     *
     * @param parallel connections at once (testssl.sh's parallel mode uses a few)
     * @param perOffer the longest wait for one answer
     * @param tries how often an unanswered offer is made before it counts as unknown
     * @param pause the wait before an unanswered offer is made again (doubled each time)
     * @param versions the versions asked about
     * @param everySuite list every accepted suite; false stops each version at its first answer
     *     (whether it is accepted, and one suite), for the TLS 1.0/1.1 check
     */
    public record Options(
            int parallel, Duration perOffer, int tries, Duration pause, Set<TlsVersion> versions, boolean everySuite) {
        /** {@code --deep}: every version, every suite. */
        public static final Options DEFAULT = new Options(4, Duration.ofSeconds(5), 3, Duration.ofMillis(200));

        public Options {
            versions = versions.isEmpty() ? Set.of() : java.util.EnumSet.copyOf(versions);
        }

        /** Every version, every suite. */
        public Options(int parallel, Duration perOffer, int tries, Duration pause) {
            this(parallel, perOffer, tries, pause, java.util.EnumSet.allOf(TlsVersion.class), true);
        }

        /**
         * After a TLS 1.2/1.3 handshake that found no version in common: which of TLS 1.1, 1.0 and
         * SSLv3 the server speaks, one answer each, all at once, one retry.
         */
        public static Options legacyOnly(Duration perOffer) {
            return new Options(
                    3,
                    perOffer,
                    2,
                    Duration.ofMillis(200),
                    java.util.EnumSet.of(TlsVersion.SSL3, TlsVersion.TLS10, TlsVersion.TLS11),
                    false);
        }

        /**
         * The TLS 1.0/1.1 check after a normal probe: one answer per version, both at once, no retry
         * (a further connection must stay cheap; no answer is "unknown").
         */
        public static Options legacyCheck(Duration perOffer) {
            return new Options(
                    2, perOffer, 1, Duration.ZERO, java.util.EnumSet.of(TlsVersion.TLS10, TlsVersion.TLS11), false);
        }
    }

    /** Suites per hello at most: nmap's chunk size; old servers choke on long lists. */
    static final int CHUNK = 64;

    private static final Family[] FAMILIES = {
        Family.ECDHE, Family.DHE, Family.RSA, Family.ANON, Family.STATIC_DH, Family.OTHER
    };

    private final Opener opener;
    private final @Nullable String sniName;
    private final Deadline deadline;
    private final Options options;
    private final Semaphore connections;
    private final AtomicInteger made = new AtomicInteger();
    private final List<String> unknown = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    /** Answers had before {@link #run}: their versions are not offered again. */
    private final Map<TlsVersion, Answer.Chosen> known = new EnumMap<>(TlsVersion.class);

    private TlsEnumerator(Opener opener, @Nullable String sniName, Deadline deadline, Options options) {
        this.opener = opener;
        this.sniName = sniName;
        this.deadline = deadline;
        this.options = options;
        this.connections = new Semaphore(options.parallel());
    }

    /**
     * The TLS 1.0/1.1 check on as few connections as the answer allows. First one offer of TLS 1.1
     * with suites TLS 1.0 has too: a server answers an offer newer than its newest version in that
     * newest (RFC 5246 Appendix E.1), so a protocol_version alert is a no to TLS 1.1 and 1.0 alike,
     * and a close without a word or no answer at all leaves both unknown alike. A TLS 1.1 ServerHello
     * settles TLS 1.1, and TLS 1.0 is asked alone. Any other answer (another alert, a ServerHello for
     * TLS 1.0) asks each version alone, as {@link Options#legacyCheck} does (one offer each, at once).
     * The versions, suites and notes found are those of asking each version alone.
     */
    public static TlsEnumeration legacyCheck(
            Opener opener, @Nullable String sniName, Deadline deadline, Duration perOffer) {
        return new TlsEnumerator(opener, sniName, deadline, Options.legacyCheck(perOffer)).legacyCheck();
    }

    private TlsEnumeration legacyCheck() {
        long start = deadline.ticker().nanos();
        List<Integer> codes = new ArrayList<>();
        firstOffer(TlsVersion.TLS11).forEach(s -> codes.add(s.code()));
        Answer a = offer(TlsVersion.TLS11, codes);
        switch (a) {
            case Answer.Refused r
            when r.version() && r.why().startsWith(HelloOffer.ALERT_REFUSAL) -> {
                return both(Acceptance.NO, List.of(), start);
            }
            case Answer.Inconclusive i -> {
                return both(
                        Acceptance.UNKNOWN,
                        List.of(TlsVersion.TLS10.id() + ": " + i.why(), TlsVersion.TLS11.id() + ": " + i.why()),
                        start);
            }
            case Answer.Chosen c when c.version() == TlsVersion.TLS11 -> known.put(TlsVersion.TLS11, c);
            default -> {
                // Asked again version by version below.
            }
        }
        return run(start);
    }

    /** TLS 1.0 and 1.1 both {@code acceptance}, from the one offer made. */
    private TlsEnumeration both(Acceptance acceptance, List<String> why, long start) {
        List<TlsEnumeration.VersionSuites> versions = new ArrayList<>();
        for (TlsVersion v : List.of(TlsVersion.TLS10, TlsVersion.TLS11)) {
            versions.add(new TlsEnumeration.VersionSuites(v.id(), acceptance, List.of(), null, List.of(), List.of()));
        }
        long millis = (deadline.ticker().nanos() - start) / 1_000_000;
        return new TlsEnumeration(versions, why, List.of(), made.get(), millis);
    }

    /** Enumerates, ending by {@code deadline}; what is not decided by then is reported as unknown. */
    public static TlsEnumeration enumerate(
            Opener opener, @Nullable String sniName, Deadline deadline, Options options) {
        return new TlsEnumerator(opener, sniName, deadline, options).run();
    }

    /** What one version found. */
    private static final class Found {
        final Set<Integer> suites = Collections.synchronizedSet(new LinkedHashSet<>());
        final Set<String> groups = Collections.synchronizedSet(new LinkedHashSet<>());
        final Set<Integer> dhBits = Collections.synchronizedSet(new TreeSet<>());
        volatile boolean refusedEverywhere = true;
        volatile boolean answered;
        /** The first offer of the version went unanswered, however often it was made. */
        volatile @Nullable String silent;
        /** The server was seen refusing suites of this version by a silent close. */
        volatile boolean closesForNo;
    }

    /**
     * The first question per version: the suites most servers of any age have (ECDHE and RSA key
     * exchange, never DHE, which some servers will not see mixed with others). A protocol_version
     * alert or a ServerHello for an older version ends the version there.
     */
    private static final List<String> FIRST_OFFER = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
            "TLS_RSA_WITH_RC4_128_SHA",
            "TLS_RSA_WITH_RC4_128_MD5",
            "TLS_RSA_WITH_DES_CBC_SHA",
            "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
            "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA");

    /**
     * The first offer per version, chosen from the catalog once: every probe's TLS 1.0/1.1 check
     * asks, and walking the whole catalog against the list each time was a sweep's CPU.
     */
    private static final Map<TlsVersion, List<Suite>> FIRST_OFFERS = firstOffers();

    private static Map<TlsVersion, List<Suite>> firstOffers() {
        Map<TlsVersion, List<Suite>> out = new EnumMap<>(TlsVersion.class);
        Set<String> names = Set.copyOf(FIRST_OFFER);
        for (TlsVersion v : TlsVersion.values()) {
            List<Suite> offer = new ArrayList<>();
            if (v == TlsVersion.TLS13) {
                offer.addAll(SuiteCatalog.offerable(Family.TLS13, v));
            } else {
                for (Suite s : SuiteCatalog.all().values()) {
                    if (names.contains(s.name()) && (!s.tls12Only() || v == TlsVersion.TLS12)) {
                        offer.add(s);
                    }
                }
            }
            out.put(v, List.copyOf(offer));
        }
        return out;
    }

    /** The suites of the first offer in {@code v}, in the catalog's order. */
    static List<Suite> firstOffer(TlsVersion v) {
        return FIRST_OFFERS.get(v);
    }

    private TlsEnumeration run() {
        return run(deadline.ticker().nanos());
    }

    private TlsEnumeration run(long start) {
        Map<TlsVersion, Found> found = new EnumMap<>(TlsVersion.class);
        for (TlsVersion v : TlsVersion.values()) {
            found.put(v, new Found());
        }
        known.forEach((v, c) -> record(found.get(v), c));
        try (ExecutorService pool = dev.mailtls.internal.io.IoThreads.perTask()) {
            // First, per version, one offer: it ends the versions the server refuses outright.
            Map<TlsVersion, Future<Boolean>> first = new EnumMap<>(TlsVersion.class);
            for (TlsVersion v : options.versions()) {
                if (!known.containsKey(v)) {
                    first.put(v, pool.submit(() -> firstOffer(v, found.get(v))));
                }
            }
            List<Future<?>> tasks = new ArrayList<>();
            for (TlsVersion v : options.versions()) {
                if (known.containsKey(v)
                        || !get(first.get(v))
                        || (!options.everySuite() && !found.get(v).suites.isEmpty())) {
                    continue;
                }
                if (v == TlsVersion.TLS13) {
                    tasks.add(pool.submit(() -> chain(v, SuiteCatalog.offerable(Family.TLS13, v), "", found.get(v))));
                    continue;
                }
                for (Family f : FAMILIES) {
                    List<Suite> offerable = SuiteCatalog.offerable(f, v);
                    for (int i = 0; i < offerable.size(); i += CHUNK) {
                        List<Suite> chunk = offerable.subList(i, Math.min(offerable.size(), i + CHUNK));
                        String what = " " + f.name() + " suites";
                        tasks.add(pool.submit(() -> chain(v, chunk, what, found.get(v))));
                    }
                }
            }
            await(tasks);
            Map<TlsVersion, Future<@Nullable Boolean>> preference = new EnumMap<>(TlsVersion.class);
            for (TlsVersion v : options.versions()) {
                List<Integer> suites = List.copyOf(found.get(v).suites);
                if (suites.size() >= 2 && options.everySuite()) {
                    preference.put(v, pool.submit(() -> preference(v, suites, found.get(v))));
                }
            }
            boolean anyAccepted = found.values().stream().anyMatch(f -> !f.suites.isEmpty());
            List<TlsEnumeration.VersionSuites> versions = new ArrayList<>();
            for (TlsVersion v : options.versions()) {
                Found f = found.get(v);
                Boolean serverOrder = null;
                Future<@Nullable Boolean> p = preference.get(v);
                if (p != null) {
                    try {
                        serverOrder = p.get();
                    } catch (ExecutionException e) {
                        unknown.add(v.id() + " preference: " + e.getCause());
                    }
                }
                Acceptance acceptance;
                if (!f.suites.isEmpty()) {
                    acceptance = Acceptance.YES;
                } else if (f.silent != null && anyAccepted) {
                    // The server answers other versions in TLS's words and this one never: it refuses
                    // it by closing the connection (Dovecot does), as nmap and testssl.sh read it too.
                    acceptance = Acceptance.NO;
                    notes.add(v.id() + ": refused by closing the connection without an alert (" + f.silent
                            + "), while other versions were answered");
                } else if (f.silent != null) {
                    acceptance = Acceptance.UNKNOWN;
                    unknown.add(v.id() + ": " + f.silent);
                } else {
                    acceptance = f.refusedEverywhere && f.answered ? Acceptance.NO : Acceptance.UNKNOWN;
                }
                List<Integer> codes;
                synchronized (f.suites) {
                    codes = new ArrayList<>(f.suites);
                }
                if (!Boolean.TRUE.equals(serverOrder)) {
                    // Without an order of the server's, the order found depends on timing: list by code.
                    Collections.sort(codes);
                }
                List<String> names = new ArrayList<>();
                codes.forEach(c -> names.add(SuiteCatalog.name(c)));
                versions.add(new TlsEnumeration.VersionSuites(
                        v.id(), acceptance, names, serverOrder, List.copyOf(f.groups), List.copyOf(f.dhBits)));
            }
            long millis = (deadline.ticker().nanos() - start) / 1_000_000;
            List<String> why = new ArrayList<>(unknown);
            Collections.sort(why);
            List<String> told = new ArrayList<>(notes);
            Collections.sort(told);
            return new TlsEnumeration(versions, why, told, made.get(), millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TlsEnumeration(List.of(), List.of("interrupted"), made.get(), 0);
        }
    }

    private static boolean get(Future<Boolean> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return true;
        }
    }

    /**
     * The version's first offer; whether its families are worth asking: not when the server refused
     * the version itself, nor when it never answered (decided at the end).
     */
    private boolean firstOffer(TlsVersion v, Found found) {
        List<Integer> codes = new ArrayList<>();
        firstOffer(v).forEach(s -> codes.add(s.code()));
        Answer a = offer(v, codes);
        switch (a) {
            case Answer.Chosen c -> {
                record(found, c);
                return true;
            }
            case Answer.Refused r -> {
                found.answered = true;
                return !r.version();
            }
            case Answer.Inconclusive i -> {
                found.refusedEverywhere = false;
                found.silent = i.why();
                return false;
            }
        }
    }

    private static void record(Found found, Answer.Chosen c) {
        found.answered = true;
        found.refusedEverywhere = false;
        found.suites.add(c.suite());
        if (c.group() != null) {
            found.groups.add(c.group());
        }
        if (c.dhBits() > 0) {
            found.dhBits.add(c.dhBits());
        }
    }

    private static void await(List<Future<?>> tasks) throws InterruptedException {
        for (Future<?> t : tasks) {
            try {
                t.get();
            } catch (ExecutionException e) {
                // Each task reports its own trouble as unknown; a bug must not hide the rest.
            }
        }
    }

    /** Offers {@code suites} again and again, each time without the one the server picked. */
    private void chain(TlsVersion v, List<Suite> suites, String what, Found found) {
        List<Integer> remaining = new ArrayList<>();
        suites.forEach(s -> remaining.add(s.code()));
        while (!remaining.isEmpty()) {
            Answer a = offer(v, remaining);
            switch (a) {
                case Answer.Chosen c -> {
                    record(found, c);
                    remaining.remove(Integer.valueOf(c.suite()));
                    if (!options.everySuite()) {
                        return;
                    }
                }
                case Answer.Refused r -> {
                    found.answered = true;
                    return;
                }
                case Answer.Inconclusive i -> {
                    if (closedForNo(v, found, i)) {
                        return;
                    }
                    found.refusedEverywhere = false;
                    unknown.add(v.id() + what + ": " + i.why());
                    return;
                }
            }
        }
    }

    /**
     * Whether a silent close was the server's way to say no (Dovecot refuses that way): right after
     * it, on a new connection, the server answers a suite it is known to accept in this version. A
     * server that limits connections would close that one too.
     */
    private boolean closedForNo(TlsVersion v, Found found, Answer.Inconclusive silent) {
        if (!silent.why().startsWith(HelloOffer.CLOSED)) {
            return false;
        }
        Integer known;
        synchronized (found.suites) {
            known = found.suites.isEmpty() ? null : found.suites.iterator().next();
        }
        if (known == null || !(once(v, List.of(known)) instanceof Answer.Chosen)) {
            return false;
        }
        if (!found.closesForNo) {
            found.closesForNo = true;
            notes.add(v.id() + ": the server refuses suites by closing the connection without an alert (it answered"
                    + " an accepted suite at once after)");
        }
        return true;
    }

    /**
     * Whether the server picks by its own order: offer the accepted suites in one order and then
     * reversed; the same pick both times is the server's choice. Then its whole order, by offering
     * what is left each time.
     */
    private @Nullable Boolean preference(TlsVersion v, List<Integer> suites, Found found) {
        Answer first = offer(v, suites);
        List<Integer> reversed = new ArrayList<>(suites);
        Collections.reverse(reversed);
        Answer second = offer(v, reversed);
        if (!(first instanceof Answer.Chosen a) || !(second instanceof Answer.Chosen b)) {
            unknown.add(v.id() + " preference: no clear answer to the same suites in two orders");
            return null;
        }
        if (a.suite() != b.suite()) {
            return false;
        }
        List<Integer> order = new ArrayList<>(List.of(a.suite()));
        List<Integer> remaining = new ArrayList<>(suites);
        remaining.remove(Integer.valueOf(a.suite()));
        while (remaining.size() > 1) {
            if (!(offer(v, remaining) instanceof Answer.Chosen c) || !remaining.contains(c.suite())) {
                unknown.add(v.id() + " preference: the server's order is known only in part");
                return true;
            }
            order.add(c.suite());
            remaining.remove(Integer.valueOf(c.suite()));
        }
        order.addAll(remaining);
        synchronized (found.suites) {
            found.suites.clear();
            found.suites.addAll(order);
        }
        return true;
    }

    /** One offer on a fresh connection, made again after a pause while it gets no answer. */
    private Answer offer(TlsVersion v, List<Integer> suites) {
        Answer last = new Answer.Inconclusive("not offered before the deadline");
        Duration pause = options.pause();
        for (int attempt = 1; attempt <= options.tries(); attempt++) {
            if (deadline.expired()) {
                return new Answer.Inconclusive("the deadline passed");
            }
            last = once(v, suites);
            if (!(last instanceof Answer.Inconclusive) || attempt == options.tries()) {
                break;
            }
            try {
                Thread.sleep(Math.min(pause.toMillis(), deadline.remaining().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer.Inconclusive("interrupted");
            }
            pause = pause.multipliedBy(2);
        }
        if (last instanceof Answer.Inconclusive i && options.tries() > 1) {
            return new Answer.Inconclusive(i.why() + " (" + options.tries() + " tries)");
        }
        return last;
    }

    private Answer once(TlsVersion v, List<Integer> suites) {
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Inconclusive("interrupted");
        }
        Socket s = null;
        try {
            if (deadline.expired()) {
                return new Answer.Inconclusive("the deadline passed");
            }
            made.incrementAndGet();
            s = opener.open();
            return HelloOffer.offer(s, v, suites, sniName, deadline.timeoutMillis(options.perOffer()));
        } catch (IOException | RuntimeException e) {
            return new Answer.Inconclusive("no connection: " + e.getMessage());
        } finally {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Closing after the answer is only tidy.
                }
            }
            connections.release();
        }
    }
}
