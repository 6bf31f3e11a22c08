package dev.mailtls.card;

import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The neutral presentation of one probe, in CARD.md's order: status line, facts, certificate,
 * hints (errors first), timings, and the command that reproduces it. Renderers only lay it out.
 *
 * @param title "smtp.gmail.com:587 — SMTP with STARTTLS — OK", without the status icon
 * @param subtitle "142.250.102.108 (IPv4) · TLSv1.3 · TLS_AES_256_GCM_SHA384"; empty when nothing is known
 * @param overview the subtitle's facts one by one, for front ends that lay them out as fields
 * @param hints in the {@code Diagnoser}'s order: errors first, then warnings, tips and good news
 * @param sections the facts section, then the certificate section when there is one
 * @param timings "resolve 3 ms · connect 11 ms · … · total 96 ms"
 * @param cachedAge how old a cached card is; null for a fresh probe
 * @param suites what a deep probe ({@code --deep}) found, as a compact table; null otherwise
 */
public record Card(
        String title,
        Status status,
        String subtitle,
        Overview overview,
        List<Section> sections,
        List<Hint> hints,
        String timings,
        List<String> transcript,
        String reproduceCommand,
        @Nullable Duration cachedAge,
        @Nullable SuiteTable suites) {

    public Card {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(subtitle, "subtitle");
        Objects.requireNonNull(overview, "overview");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(reproduceCommand, "reproduceCommand");
        sections = List.copyOf(sections);
        hints = List.copyOf(hints);
        transcript = List.copyOf(transcript);
    }

    /** A card without a suite table. */
    public Card(
            String title,
            Status status,
            String subtitle,
            Overview overview,
            List<Section> sections,
            List<Hint> hints,
            String timings,
            List<String> transcript,
            String reproduceCommand,
            @Nullable Duration cachedAge) {
        this(
                title,
                status,
                subtitle,
                overview,
                sections,
                hints,
                timings,
                transcript,
                reproduceCommand,
                cachedAge,
                null);
    }

    /** The card of a report for the CLI: a fresh probe, not cached. */
    public static Card of(Report report) {
        return of(report, TryCommand.Form.CLI);
    }

    /**
     * The card of a report for one front end: the probes its hints suggest are written in that
     * front end's form ({@code /mailtls ...} in Slack, a link on the web page), so they run where
     * they are read.
     */
    public static Card of(Report report, TryCommand.Form form) {
        return CardComposer.compose(report, form);
    }

    /** The same card, marked as served from a cache {@code age} old. */
    public Card withCachedAge(@Nullable Duration age) {
        return new Card(
                title, status, subtitle, overview, sections, hints, timings, transcript, reproduceCommand, age, suites);
    }

    /** "cached 42 s ago" for a cached card, as every front end says it; null for a fresh probe. */
    public @Nullable String cachedNote() {
        return cachedAge == null ? null : "cached " + TimingsLine.age(cachedAge) + " ago";
    }

    /**
     * The hint a front end leads with: the first of the most severe (the {@code Diagnoser} lists
     * them worst first, so this is the first hint); null without hints.
     */
    public @Nullable Hint worstHint() {
        return Hint.worst(hints);
    }

    /** Every hint but {@link #worstHint()}, in the card's order. */
    public List<Hint> otherHints() {
        Hint worst = worstHint();
        List<Hint> others = new ArrayList<>(hints);
        others.remove(worst);
        return List.copyOf(others);
    }

    /**
     * The connection's facts one by one: "142.250.102.108", "IPv4" (or "IPv6, 1 of 3 addresses"),
     * "SMTP", "STARTTLS", "TLSv1.3", "TLS_AES_256_GCM_SHA384".
     *
     * @param address the address connected to; null when none was
     * @param addressNote the address family, and how many addresses the name had when more than one
     * @param protocol the protocol's name, or "not determined"
     * @param transport the transport's name, or "not determined"
     * @param tlsVersion null without TLS
     * @param cipherSuite null without TLS
     */
    public record Overview(
            @Nullable String address,
            String addressNote,
            String protocol,
            String transport,
            @Nullable String tlsVersion,
            @Nullable String cipherSuite) {
        public static final String NOT_DETERMINED = "not determined";

        /** Nothing known: no address, no TLS, protocol and transport not determined. */
        public static final Overview NONE = new Overview(null, "", NOT_DETERMINED, NOT_DETERMINED, null, null);

        public Overview {
            Objects.requireNonNull(addressNote, "addressNote");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(transport, "transport");
        }

        /** "142.250.102.108 (IPv4) · TLSv1.3 · TLS_AES_256_GCM_SHA384": the card's subtitle. */
        String line() {
            List<String> parts = new ArrayList<>();
            if (address != null) {
                parts.add(address + " (" + addressNote + ")");
            }
            if (tlsVersion != null) {
                parts.add(tlsVersion);
            }
            if (cipherSuite != null) {
                parts.add(cipherSuite);
            }
            return String.join(" · ", parts);
        }
    }

    /**
     * One labelled fact.
     *
     * @param value may hold several lines, separated by {@code \n}
     * @param serverText the value is untrusted text from the server (banners, replies, certificate
     *     names): renderers quote it as code and escape it for their platform
     */
    public record Field(String label, String value, boolean serverText) {
        public Field {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }

        static Field ours(String label, String value) {
            return new Field(label, value, false);
        }

        static Field server(String label, String value) {
            return new Field(label, value, true);
        }
    }

    /**
     * A group of fields. A section with a heading (the certificate: "Certificate CN=...") shows its
     * fields beneath it, indented; one without (the facts) shows them flush.
     *
     * @param lifetime the certificate's lifetime, for front ends that draw it; null for the facts
     */
    public record Section(
            @Nullable Field heading,
            List<Field> fields,
            @Nullable Lifetime lifetime) {
        public Section {
            fields = List.copyOf(fields);
        }

        public Section(@Nullable Field heading, List<Field> fields) {
            this(heading, fields, null);
        }
    }

    /**
     * How much of a certificate's lifetime was left when the probe started, in whole days (as the
     * expiry hints count them).
     *
     * @param totalDays the whole lifetime, at least 1
     * @param daysLeft between 0 and {@code totalDays}
     * @param words "51 of 81 days left", "expired" or "not valid yet"
     */
    public record Lifetime(long totalDays, long daysLeft, String words) {
        public Lifetime {
            Objects.requireNonNull(words, "words");
            if (totalDays < 1 || daysLeft < 0 || daysLeft > totalDays) {
                throw new IllegalArgumentException(
                        "days left must be within 0.." + totalDays + " and the total at least 1: " + daysLeft);
            }
        }
    }

    /**
     * What a deep probe found, compact enough for a chat message: one row per accepted version,
     * newest first, with its suites grouped by key exchange; then the versions refused and what stayed
     * unknown. Suite names are mailtls's own (the IANA registry's), yet renderers still escape them.
     *
     * @param heading "TLSv1.3, TLSv1.2 accepted · 24 connections in 850 ms"
     * @param refused the versions the server refused, oldest first
     * @param unknown the versions no offer got an answer for, and what else could not be decided
     */
    public record SuiteTable(String heading, List<VersionRow> versions, List<String> refused, List<String> unknown) {
        public SuiteTable {
            Objects.requireNonNull(heading, "heading");
            versions = List.copyOf(versions);
            refused = List.copyOf(refused);
            unknown = List.copyOf(unknown);
        }

        /** "refused: SSLv3, TLSv1, TLSv1.1", or null when none was. */
        public @Nullable String refusedLine() {
            return refused.isEmpty() ? null : "refused: " + String.join(", ", refused);
        }
    }

    /**
     * One accepted version.
     *
     * @param summary "54 suites · client's order · x25519, secp256r1 · DH 2048"
     * @param groups the suites by key exchange, in the order the server ranks them (or they were found)
     */
    public record VersionRow(String version, String summary, List<SuiteGroup> groups) {
        public VersionRow {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(summary, "summary");
            groups = List.copyOf(groups);
        }

        /** One line per group, key exchanges padded to one column: "ECDHE_RSA  AES_256_GCM_SHA384 · …". */
        public List<String> lines() {
            int width = groups.stream()
                    .mapToInt(g -> g.keyExchange().length())
                    .max()
                    .orElse(0);
            return groups.stream().map(g -> g.line(width)).toList();
        }
    }

    /**
     * Suites sharing a key exchange.
     *
     * @param keyExchange {@code ECDHE_RSA}, {@code DH_anon}, …; empty for TLS 1.3 suites
     * @param ciphers what follows {@code _WITH_}: {@code AES_256_GCM_SHA384}
     */
    public record SuiteGroup(String keyExchange, List<String> ciphers) {
        public SuiteGroup {
            Objects.requireNonNull(keyExchange, "keyExchange");
            ciphers = List.copyOf(ciphers);
        }

        /** "ECDHE_RSA  AES_256_GCM_SHA384 · CHACHA20_POLY1305_SHA256", the key exchange padded to {@code width}. */
        public String line(int width) {
            String list = String.join(" · ", ciphers);
            if (keyExchange.isEmpty()) {
                return list;
            }
            return keyExchange + " ".repeat(Math.max(0, width - keyExchange.length()) + 2) + list;
        }
    }
}
