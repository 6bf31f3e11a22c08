package dev.mailtls.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code _smtp._tls.<domain>} TXT record (RFC 8460 §3), e.g. {@code
 * v=TLSRPTv1; rua=mailto:tlsrpt@example.com}: where senders send their daily reports of TLS
 * failures on the way to the domain's MX hosts. Its absence is no fault, only a missed chance to
 * hear about failures.
 *
 * @param rua the report addresses, each a {@code mailto:} or {@code https:} URI, in the record's order
 * @param extensions any other fields, by name in the record's order (senders ignore them)
 */
public record TlsRptRecord(List<String> rua, Map<String, String> extensions) {
    public static final String VERSION = "v=TLSRPTv1";

    public TlsRptRecord {
        rua = List.copyOf(rua);
        if (rua.isEmpty()) {
            throw new IllegalArgumentException("a TLS-RPT record names at least one report URI");
        }
        extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * Parses one TXT record. A record that does not begin with {@code v=TLSRPTv1} is of another kind:
     * {@link Parsed.Status#ABSENT}, as senders discard it.
     */
    public static Parsed<TlsRptRecord> parse(String txt) {
        if (!TxtFields.startsWithVersion(txt, VERSION)) {
            return Parsed.absent();
        }
        TxtFields.Split split = TxtFields.split(txt, VERSION);
        List<String> problems = new ArrayList<>(split.problems());
        List<String> warnings = new ArrayList<>();
        List<String> rua = null;
        Map<String, String> extensions = new LinkedHashMap<>();
        for (TxtFields.Field f : split.fields()) {
            if (f.name().equals("rua")) {
                if (rua != null) {
                    warnings.add("rua is given twice: the first counts");
                    continue;
                }
                rua = new ArrayList<>();
                // RFC 8460 §3: tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri); a comma inside a URI is %2C.
                for (String part : f.value().split(",", -1)) {
                    String uri = TxtFields.stripWsp(part);
                    String wrong = uriProblem(uri);
                    if (wrong != null) {
                        problems.add(wrong);
                    } else {
                        rua.add(uri);
                    }
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
        if (rua == null) {
            problems.add("the rua field is missing (e.g. rua=mailto:tlsrpt@example.com): it says where reports go");
        }
        if (!problems.isEmpty()) {
            return Parsed.invalid(txt, problems);
        }
        return Parsed.valid(txt, new TlsRptRecord(rua, extensions), warnings);
    }

    /**
     * Picks the record from all TXT records at {@code _smtp._tls.<domain>} (RFC 8460 §3): those not
     * beginning with {@code v=TLSRPTv1} are discarded; none left means no TLS reporting; more than one
     * is an error, and senders then send no reports.
     */
    public static Parsed<TlsRptRecord> select(List<String> txtRecords) {
        return TxtFields.selectOne(
                txtRecords, VERSION, "senders send no reports until there is (RFC 8460 §3)", TlsRptRecord::parse);
    }

    private static @Nullable String uriProblem(String uri) {
        if (uri.isEmpty()) {
            return "an empty report URI in rua (URIs are separated by single commas)";
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return "the report URI '" + uri + "' is not a valid URI: " + e.getReason();
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "mailto" -> {
                String to = parsed.getSchemeSpecificPart();
                int q = to.indexOf('?');
                String address = q < 0 ? to : to.substring(0, q);
                int at = address.indexOf('@');
                if (at <= 0 || at == address.length() - 1) {
                    return "the report URI '" + uri + "' names no mail address (e.g. mailto:tlsrpt@example.com)";
                }
                return null;
            }
            case "https" -> {
                if (parsed.getHost() == null) {
                    return "the report URI '" + uri + "' names no host (e.g. https://reports.example.com/tlsrpt)";
                }
                return null;
            }
            case "" -> {
                return "the report URI '" + uri + "' has no scheme: only mailto: and https: are valid";
            }
            default -> {
                return "the report URI '" + uri + "' uses " + scheme + ": only mailto: and https: are valid"
                        + " (RFC 8460 §3)";
            }
        }
    }
}
