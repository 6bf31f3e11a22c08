package dev.mailtls.card;

import dev.mailtls.card.Card.Field;
import dev.mailtls.card.Card.Section;
import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.DayCount;
import dev.mailtls.tls.HostnameVerdict;
import dev.mailtls.tls.TlsOutcome;
import dev.mailtls.tls.TrustVerdict;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The certificate block: subject, issuer, validity, names, key, trust, chain. */
final class CertificateSection {
    static final int MAX_NAMES = 10;

    private CertificateSection() {}

    /** The section for a probe that started at {@code now}: days count from there, as the hints do. */
    static Section of(TlsOutcome tls, String host, Instant now) {
        CertificateInfo leaf = Objects.requireNonNull(tls.leaf(), "leaf");
        List<Field> fields = new ArrayList<>();
        fields.add(Field.server("issuer", leaf.issuer()));
        fields.add(Field.ours("valid", validity(leaf, now)));
        fields.add(
                leaf.sans().isEmpty()
                        ? Field.ours("names", "none (no subject alternative names)")
                        : Field.server("names", String.join(", ", CardComposer.cut(leaf.sans(), MAX_NAMES, ""))));
        fields.add(Field.ours("key", key(leaf)));
        fields.add(Field.ours("trust", trust(tls, host)));
        if (tls.chain().size() > 1) {
            List<String> above = tls.chain().subList(1, tls.chain().size()).stream()
                    .map(CertificateInfo::subject)
                    .toList();
            fields.add(Field.server("chain", String.join(" → ", above)));
        }
        return new Section(Field.server("Certificate", leaf.subject()), fields, lifetime(leaf, now));
    }

    /** The share of the lifetime left at {@code now}; null for a certificate whose dates make no span. */
    static Card.@Nullable Lifetime lifetime(CertificateInfo leaf, Instant now) {
        if (!leaf.notAfter().isAfter(leaf.notBefore())) {
            return null;
        }
        long total = Math.max(1, DayCount.left(leaf.notBefore(), leaf.notAfter()));
        long left = Math.clamp(DayCount.left(now, leaf.notAfter()), 0, total);
        String words = leaf.notAfter().isBefore(now)
                ? "expired"
                : leaf.notBefore().isAfter(now) ? "not valid yet" : left + " of " + total + " days left";
        return new Card.Lifetime(total, left, words);
    }

    /** "2026-10-27 → 2027-01-19 (51 days left)", "(expired 3 days ago)", "(not valid yet)". */
    static String validity(CertificateInfo c, Instant now) {
        String range = date(c) + " → " + LocalDate.ofInstant(c.notAfter(), ZoneOffset.UTC);
        long d = c.daysLeft();
        String left = c.notAfter().isBefore(now) || d < 0
                ? "expired " + DayCount.ago(c.notAfter(), now)
                : d == 0 ? "expires today" : days(d) + " left";
        return range + " (" + left + ")";
    }

    private static LocalDate date(CertificateInfo c) {
        return LocalDate.ofInstant(c.notBefore(), ZoneOffset.UTC);
    }

    private static String days(long n) {
        return n == 1 ? "1 day" : n + " days";
    }

    /** "ECDSA P-256 · SHA256withRSA · SHA-256 5F:3A:…:9C". */
    static String key(CertificateInfo c) {
        String type = c.keyType().equalsIgnoreCase("EC") ? "ECDSA" : c.keyType();
        String size = c.curve() != null ? c.curve() : c.keyBits() + "";
        return type + " " + size + " · " + c.signatureAlgorithm() + " · SHA-256 " + shortFingerprint(c.sha256());
    }

    static String shortFingerprint(String fp) {
        String[] pairs = fp.split(":");
        return pairs.length <= 4 ? fp : pairs[0] + ":" + pairs[1] + ":…:" + pairs[pairs.length - 1];
    }

    /** "✔ chain of 3 trusted by the JDK store · ✔ matches smtp.gmail.com". */
    static String trust(TlsOutcome tls, String host) {
        TrustVerdict t = tls.trust();
        HostnameVerdict h = tls.hostname();
        String trust = (t.trusted() ? "✔ " : "✖ ") + t.reason();
        String name = h.matches()
                ? "✔ matches " + host + (h.viaCommonName() ? " (subject CN only)" : "")
                : "✖ does not match " + host;
        return trust + " · " + name;
    }
}
