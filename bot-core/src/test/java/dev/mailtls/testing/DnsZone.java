package dev.mailtls.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One zone for {@link BindServer}: its origin, whether it is signed, and its records as zone-file
 * lines relative to the origin ({@code "@ MX 10 mx1"}, {@code "mx1 A 127.0.0.21"}, {@code
 * "_25._tcp.mx1 TLSA 3 1 1 8cb0..."}, {@code "_mta-sts TXT \"v=STSv1; id=1\""}). The server adds
 * the SOA, the NS and its address, and the delegation (NS, glue, and DS when signed) in a served
 * parent zone.
 *
 * @param origin the zone's name, lower case, without the trailing dot
 * @param brokenSignatures {@code owner TYPE} pairs whose RRSIG the server corrupts after signing,
 *     so that a validating resolver finds the answer bogus
 */
public record DnsZone(String origin, boolean signed, List<String> records, List<String> brokenSignatures) {

    public DnsZone {
        Objects.requireNonNull(origin, "origin");
        origin = origin.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (origin.isEmpty() || !origin.matches("[a-z0-9_.-]+")) {
            throw new IllegalArgumentException("not a zone name: \"" + origin + "\"");
        }
        records = List.copyOf(records);
        brokenSignatures = List.copyOf(brokenSignatures);
        if (!signed && !brokenSignatures.isEmpty()) {
            throw new IllegalArgumentException("only a signed zone has signatures to break: " + origin);
        }
        for (String line : records) {
            if (line.contains("\n") || line.strip().startsWith("$")) {
                throw new IllegalArgumentException("one record per line, no directives: " + line);
            }
        }
    }

    /** A zone signed at start with its own ECDSA P-256 KSK and ZSK. */
    public static DnsZone signed(String origin) {
        return new DnsZone(origin, true, List.of(), List.of());
    }

    /** A zone served without DNSSEC. */
    public static DnsZone unsigned(String origin) {
        return new DnsZone(origin, false, List.of(), List.of());
    }

    /** This zone with {@code lines} added, one record each. */
    public DnsZone with(String... lines) {
        List<String> all = new ArrayList<>(records);
        all.addAll(List.of(lines));
        return new DnsZone(origin, signed, all, brokenSignatures);
    }

    /**
     * This zone with the signature over {@code owner}'s {@code type} records corrupted after signing.
     *
     * @param owner relative to the origin ({@code "broken"}, {@code "@"}) or absolute with a dot
     */
    public DnsZone withBrokenSignature(String owner, String type) {
        List<String> broken = new ArrayList<>(brokenSignatures);
        broken.add(absolute(owner) + " " + type.toUpperCase(Locale.ROOT));
        return new DnsZone(origin, signed, records, broken);
    }

    /** {@code name} relative to this zone made absolute, with the trailing dot. */
    public String absolute(String name) {
        if (name.equals("@")) {
            return origin + ".";
        }
        return (name.endsWith(".") ? name : name + "." + origin + ".").toLowerCase(Locale.ROOT);
    }

    /** Whether {@code name} (absolute or not, with or without the trailing dot) is at or below this origin. */
    boolean covers(String name) {
        String plain = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        return plain.equals(origin) || plain.endsWith("." + origin);
    }
}
