package dev.mailtls.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code _mta-sts.<domain>} TXT record (RFC 8461 §3.1), e.g. {@code v=STSv1; id=20160831085700Z;}:
 * it says the domain has an MTA-STS policy, and its {@code id} changes whenever the policy does.
 *
 * @param id 1 to 32 letters and digits
 * @param extensions any other fields, by name in the record's order (senders ignore them)
 */
public record MtaStsRecord(String id, Map<String, String> extensions) {
    public static final String VERSION = "v=STSv1";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");

    public MtaStsRecord {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an MTA-STS id is 1-32 letters and digits: '" + id + "'");
        }
        extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * Parses one TXT record. A record that does not begin with {@code v=STSv1} is of another kind:
     * {@link Parsed.Status#ABSENT}, as senders discard it.
     */
    public static Parsed<MtaStsRecord> parse(String txt) {
        if (!TxtFields.startsWithVersion(txt, VERSION)) {
            return Parsed.absent();
        }
        TxtFields.Split split = TxtFields.split(txt, VERSION);
        List<String> problems = new ArrayList<>(split.problems());
        List<String> warnings = new ArrayList<>();
        String id = null;
        Map<String, String> extensions = new LinkedHashMap<>();
        for (TxtFields.Field f : split.fields()) {
            if (f.name().equals("id")) {
                if (id != null) {
                    // RFC 8461 §3.2: a non-repeated field given twice counts by its first occurrence.
                    warnings.add("id is given twice ('" + id + "' and '" + f.value() + "'): the first counts");
                    continue;
                }
                id = f.value();
                String wrong = idProblem(id);
                if (wrong != null) {
                    problems.add(wrong);
                }
                continue;
            }
            String wrong = TxtFields.extensionProblem(f);
            if (wrong != null) {
                problems.add(wrong);
            } else {
                extensions.putIfAbsent(f.name(), f.value());
            }
        }
        if (id == null) {
            problems.add("the id field is missing (e.g. id=20250101T000000; it must change with every policy change)");
        }
        if (!problems.isEmpty()) {
            return Parsed.invalid(txt, problems);
        }
        return Parsed.valid(txt, new MtaStsRecord(id, extensions), warnings);
    }

    /**
     * Picks the record from all TXT records at {@code _mta-sts.<domain>} (RFC 8461 §3.1): those not
     * beginning with {@code v=STSv1} are discarded; no record left means no MTA-STS; more than one is
     * an error, and senders then treat the domain as having no policy.
     */
    public static Parsed<MtaStsRecord> select(List<String> txtRecords) {
        return TxtFields.selectOne(
                txtRecords,
                VERSION,
                "senders ignore MTA-STS for the domain until there is (RFC 8461 §3.1)",
                MtaStsRecord::parse);
    }

    private static @Nullable String idProblem(String id) {
        if (id.isEmpty()) {
            return "the id is empty: it must be 1-32 letters and digits";
        }
        if (id.length() > 32) {
            return "the id '" + id + "' is " + id.length() + " characters long: at most 32 are allowed";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return "the id '" + id + "' holds '" + c + "': only letters and digits are allowed";
            }
        }
        return null;
    }
}
