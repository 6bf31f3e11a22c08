package dev.mailtls.internal.tls;

import dev.mailtls.tls.HostnameVerdict;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.util.IPAddress;
import org.jspecify.annotations.Nullable;

/**
 * Whether a leaf certificate names the host the user asked for, by RFC 6125 §6.4: DNS names compare
 * case-insensitively without a trailing dot; a wildcard is only a complete left-most label that
 * stands for exactly one label ({@code *.example.com} matches {@code a.example.com}, neither {@code
 * example.com} nor {@code a.b.example.com}); partial wildcards ({@code f*.example.com}) and
 * wildcards over fewer than two fixed labels ({@code *.com}) never match. There is no public
 * suffix list, so {@code *.co.uk} would match {@code a.co.uk}. IP addresses match only iPAddress
 * SANs (RFC 6125 §1.7.2 leaves them to RFC 5280). The subject CN is consulted only when the
 * certificate has no DNS SAN at all (§6.4.4), and the verdict then says so.
 */
public final class HostnameMatcher {

    private HostnameMatcher() {}

    /** Judges {@code leaf} against {@code host} (a DNS name, IDN, or IPv4/IPv6 literal, optionally in brackets). */
    public static HostnameVerdict match(String host, X509Certificate leaf) {
        String wanted = normaliseHost(host);
        List<String> dnsSans = new ArrayList<>();
        List<String> ipSans = new ArrayList<>();
        readSans(leaf, dnsSans, ipSans);
        if (IPAddress.isValid(wanted)) {
            return matchIp(wanted, ipSans);
        }
        if (!dnsSans.isEmpty()) {
            for (String san : dnsSans) {
                if (matchesName(san, wanted)) {
                    return new HostnameVerdict(true, false, "matches SAN " + san);
                }
            }
            return new HostnameVerdict(
                    false,
                    false,
                    "none of the names " + String.join(", ", dnsSans) + " match " + wanted
                            + partialWildcardNote(dnsSans));
        }
        List<String> commonNames = commonNames(leaf);
        if (commonNames.isEmpty()) {
            return new HostnameVerdict(
                    false,
                    false,
                    ipSans.isEmpty()
                            ? "the certificate names no host: it has no DNS SAN and no subject CN"
                            : "the certificate has only IP address SANs (" + String.join(", ", ipSans)
                                    + ") and no DNS name for " + wanted);
        }
        // RFC 6125 §6.4.4: the most specific CN, and only because there is no DNS SAN.
        String cn = commonNames.get(commonNames.size() - 1);
        if (matchesName(cn, wanted)) {
            return new HostnameVerdict(
                    true,
                    true,
                    "matches the subject CN " + cn + " only: the certificate has no DNS SAN, and clients"
                            + " that ignore the CN (RFC 6125, modern TLS libraries) will reject it");
        }
        return new HostnameVerdict(
                false,
                true,
                "the certificate has no DNS SAN and its subject CN " + cn + " does not match " + wanted
                        + partialWildcardNote(List.of(cn)));
    }

    /**
     * Whether the presented name {@code pattern} matches the reference name {@code host} (both
     * already in the form {@link #normaliseHost} gives the host).
     */
    static boolean matchesName(String pattern, String host) {
        String p = normaliseName(pattern);
        if (p.isEmpty() || host.isEmpty()) {
            return false;
        }
        if (p.indexOf('*') < 0) {
            return p.equals(host);
        }
        if (!isAcceptableWildcard(p)) {
            return false;
        }
        int dot = host.indexOf('.');
        // The wildcard stands for exactly one non-empty label: the rest must be equal.
        return dot > 0 && host.substring(dot).equals(p.substring(1));
    }

    /** {@code *.} followed by at least two labels with no other {@code *} and no empty label. */
    private static boolean isAcceptableWildcard(String pattern) {
        if (!pattern.startsWith("*.") || pattern.indexOf('*', 1) >= 0) {
            return false;
        }
        String[] fixed = pattern.substring(2).split("\\.", -1);
        return fixed.length >= 2 && Arrays.stream(fixed).noneMatch(String::isEmpty);
    }

    private static String partialWildcardNote(List<String> names) {
        List<String> refused = names.stream()
                .filter(n -> n.indexOf('*') >= 0 && !isAcceptableWildcard(normaliseName(n)))
                .toList();
        if (refused.isEmpty()) {
            return "";
        }
        return " (" + String.join(", ", refused)
                + (refused.size() == 1 ? " is a wildcard" : " are wildcards")
                + " RFC 6125 does not allow: only a whole left-most label over two or more fixed labels)";
    }

    private static HostnameVerdict matchIp(String wanted, List<String> ipSans) {
        byte[] address = ipBytes(wanted);
        for (String san : ipSans) {
            byte[] presented = ipBytes(san);
            if (address != null && presented != null && Arrays.equals(address, presented)) {
                return new HostnameVerdict(true, false, "matches IP address SAN " + san);
            }
        }
        return new HostnameVerdict(
                false,
                false,
                ipSans.isEmpty()
                        ? "the certificate has no IP address SAN, so it cannot match the address " + wanted
                                + " (DNS names and the CN never match an IP address)"
                        : "none of the IP address SANs " + String.join(", ", ipSans) + " match " + wanted);
    }

    /** The address bytes of an IP literal; never a DNS lookup (callers pass validated literals). */
    private static byte @Nullable [] ipBytes(String literal) {
        if (!IPAddress.isValid(literal)) {
            return null;
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The reference name as compared: trimmed, brackets of an IPv6 literal removed, trailing dot
     * removed, an IDN in its ASCII (A-label) form, lower case.
     */
    static String normaliseHost(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (IPAddress.isValid(h)) {
            return h;
        }
        h = normaliseName(h);
        try {
            h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            // Not a valid IDN: compare it as typed; it will simply not match.
        }
        return h;
    }

    private static String normaliseName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static void readSans(X509Certificate leaf, List<String> dns, List<String> ip) {
        try {
            var sans = leaf.getSubjectAlternativeNames();
            if (sans == null) {
                return;
            }
            for (List<?> san : sans) {
                if (san.size() >= 2 && san.get(0) instanceof Integer type && san.get(1) instanceof String v) {
                    if (type == 2) {
                        dns.add(v);
                    } else if (type == 7) {
                        ip.add(v);
                    }
                }
            }
        } catch (Exception e) {
            // An unparseable SAN extension names nothing.
        }
    }

    /** The subject's CN values, least specific first (RFC 4514 order reversed). */
    private static List<String> commonNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType()) && rdn.getValue() instanceof String value) {
                    names.add(value);
                }
            }
        } catch (InvalidNameException | RuntimeException e) {
            // No readable subject: no CN.
        }
        return names;
    }
}
