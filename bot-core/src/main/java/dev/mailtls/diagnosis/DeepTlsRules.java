package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.Hints.ok;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.internal.tls.SuiteCatalog;
import dev.mailtls.internal.tls.SuiteCatalog.Suite;
import dev.mailtls.internal.tls.SuiteCatalog.Weakness;
import dev.mailtls.tls.TlsEnumeration;
import dev.mailtls.tls.TlsEnumeration.Acceptance;
import dev.mailtls.tls.TlsEnumeration.VersionSuites;
import dev.mailtls.tls.TlsOutcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The grade of a deep probe ({@code --deep}): every suite the server accepts, judged for the port.
 * On port 25 (MTA to MTA) TLS is opportunistic (RFC 7435): a sender that cannot agree on a suite
 * sends in plaintext, so anonymous and non-forward-secret suites only add protection there, and
 * only ciphers that give no real encryption (NULL, EXPORT) are worth a warning. On every other
 * port clients send passwords: the same suites are warnings, and NULL, EXPORT and anonymous ones
 * errors.
 */
final class DeepTlsRules implements Rules {
    /** Names listed per version in a hint before "and N more". */
    static final int MAX_NAMES = 4;

    private static final Set<String> OLD_VERSIONS = Set.of("SSLv3", "TLSv1", "TLSv1.1");

    @Override
    public List<Hint> diagnose(Facts f) {
        TlsOutcome tls = f.result().tls();
        TlsEnumeration found = tls == null ? null : tls.enumeration();
        if (found == null) {
            return List.of();
        }
        boolean relay = relay(f);
        List<Hint> hints = new ArrayList<>();
        Hint anon = anonymous(f, found, relay);
        if (anon != null) {
            hints.add(anon);
        }
        Hint weak = weakCiphers(f, found, relay, tls.cipherSuite());
        if (weak != null) {
            hints.add(weak);
        }
        Hint fs = noForwardSecrecy(f, found, relay, tls.cipherSuite());
        if (fs != null) {
            hints.add(fs);
        }
        Hint dh = weakDh(f, found, relay);
        if (dh != null) {
            hints.add(dh);
        }
        if (hints.isEmpty() && !found.accepted().isEmpty()) {
            hints.add(suitesOk(f, found));
        }
        return hints;
    }

    /** Port 25 of an SMTP (or not yet known) service: server-to-server mail, opportunistic TLS. */
    static boolean relay(Facts f) {
        return f.port() == 25 && f.protocol() != Protocol.IMAP && f.protocol() != Protocol.POP3;
    }

    private static @Nullable Hint anonymous(Facts f, TlsEnumeration found, boolean relay) {
        Map<String, List<String>> anon = matching(found, Suite::isAnonymous);
        if (anon.isEmpty()) {
            return null;
        }
        String summary = f.where() + " accepts anonymous (aNULL) cipher suites in " + versions(anon) + ".";
        String which = "Accepted: " + listing(anon) + ".";
        if (relay) {
            return new Hint(
                    HintCode.TLS_ANON_CIPHERS,
                    Severity.INFO,
                    summary,
                    "They do not authenticate the server, but on port 25 a sender that could not use them would"
                            + " send in plaintext (RFC 7435), and Postfix offers them there by design: they harm"
                            + " nobody. " + which,
                    "Nothing to do on port 25. Ports where clients log in must refuse them.");
        }
        return new Hint(
                HintCode.TLS_ANON_CIPHERS,
                Severity.ERROR,
                summary,
                "They do not authenticate the server: anyone on the path can pose as it and read the passwords"
                        + " clients send here. " + which,
                fix(anon, TlsSettingFixes.CLIENT_CIPHERS));
    }

    private static @Nullable Hint weakCiphers(Facts f, TlsEnumeration found, boolean relay, String negotiated) {
        Map<Weakness, Map<String, List<String>>> byWeakness = new EnumMap<>(Weakness.class);
        for (Weakness w : Weakness.values()) {
            Map<String, List<String>> m = matching(found, s -> s.weakness() == w);
            if (!m.isEmpty()) {
                byWeakness.put(w, m);
            }
        }
        if (byWeakness.isEmpty()) {
            return null;
        }
        boolean broken = byWeakness.keySet().stream().anyMatch(Weakness::brokenEncryption);
        Severity severity =
                relay ? (broken ? Severity.WARNING : Severity.INFO) : (broken ? Severity.ERROR : Severity.WARNING);
        Suite chosen = suite(negotiated);
        String chosenNote = "";
        if (chosen != null && chosen.weakness() != null) {
            // A current client gets it too: as the normal probe grades a weak negotiated suite.
            severity = max(severity, chosen.weakness() == Weakness.TRIPLE_DES ? Severity.WARNING : Severity.ERROR);
            chosenNote = " The normal handshake, as a current client makes it, got " + negotiated + ".";
        }
        List<String> kinds = new ArrayList<>();
        List<String> details = new ArrayList<>();
        Map<String, List<String>> all = new LinkedHashMap<>();
        byWeakness.forEach((w, m) -> {
            kinds.add(w.label() + " (" + versions(m) + ")");
            details.add(w.label() + ": " + listing(m) + ".");
            m.forEach(
                    (v, names) -> all.computeIfAbsent(v, k -> new ArrayList<>()).addAll(names));
        });
        String summary = f.where() + " accepts weak ciphers: " + String.join(", ", kinds) + ".";
        String why = broken
                ? "NULL suites do not encrypt and EXPORT suites use keys broken in hours: with them the"
                        + " session is as readable as plaintext."
                : "DES keys fall to brute force, RC4 leaks plaintext (RFC 7465 forbids it), and 3DES's 64-bit"
                        + " block falls to Sweet32 on long sessions.";
        String where = relay
                ? " On port 25 a sender that could not use them would send in plaintext (RFC 7435), so only"
                        + " ciphers that give no real encryption matter much."
                : " Clients send passwords on this port.";
        return new Hint(
                HintCode.TLS_WEAK_CIPHER,
                severity,
                summary,
                why + where + chosenNote + " " + String.join(" ", details),
                fix(all, relay ? TlsSettingFixes.RELAY_CIPHERS : TlsSettingFixes.CLIENT_CIPHERS));
    }

    private static @Nullable Hint noForwardSecrecy(Facts f, TlsEnumeration found, boolean relay, String negotiated) {
        Map<String, List<String>> plain =
                matching(found, s -> s.family() != SuiteCatalog.Family.TLS13 && !s.forwardSecret());
        if (plain.isEmpty()) {
            return null;
        }
        List<String> picksFirst = new ArrayList<>();
        boolean followsClient = false;
        boolean ordered = false;
        for (VersionSuites v : found.versions()) {
            if (!plain.containsKey(v.version()) || v.serverPreference() == null) {
                continue;
            }
            if (!v.serverPreference()) {
                followsClient = true;
            } else {
                ordered = true;
                Suite first = suite(v.suites().get(0));
                if (first != null && !first.forwardSecret()) {
                    picksFirst.add(v.version() + " (" + first.name() + ")");
                }
            }
        }
        Suite chosen = suite(negotiated);
        boolean chosenPlain = chosen != null && chosen.family() != SuiteCatalog.Family.TLS13 && !chosen.forwardSecret();
        String preference;
        if (!picksFirst.isEmpty()) {
            preference = "The server picks one of them first by its own order in " + String.join(", ", picksFirst)
                    + ": every client gets a session a stolen key decrypts.";
        } else if (chosenPlain) {
            preference = "The normal handshake, as a current client makes it, got " + negotiated + ".";
        } else if (ordered && !followsClient) {
            preference = "The server orders suites itself and puts forward-secret ones first, so it picks these only"
                    + " for a client that offers nothing better.";
        } else if (followsClient) {
            preference = "The server follows the client's order, so it picks these only for a client that lists them"
                    + " first; current clients list ECDHE first.";
        } else {
            preference = "Whether the server would pick them first could not be told (too few suites, or no clear"
                    + " answer).";
        }
        boolean first = !picksFirst.isEmpty() || chosenPlain;
        Severity severity = relay && !first ? Severity.INFO : Severity.WARNING;
        String why = "With RSA key transport or static DH, anyone who later obtains the server's private key can"
                + " decrypt every recorded session.";
        String where = relay
                ? " On port 25 they still beat the plaintext a sender would otherwise use (RFC 7435)."
                : " Clients send passwords on this port.";
        return new Hint(
                HintCode.TLS_NO_FORWARD_SECRECY,
                severity,
                f.where() + " accepts " + count(plain) + " without forward secrecy in " + versions(plain) + ".",
                why + where + " " + preference + " Accepted: " + listing(plain) + ".",
                fix(plain, TlsSettingFixes.FORWARD_SECRECY));
    }

    private static @Nullable Hint weakDh(Facts f, TlsEnumeration found, boolean relay) {
        Map<String, Integer> weak = new LinkedHashMap<>();
        for (VersionSuites v : found.versions()) {
            v.dhBits().stream().mapToInt(Integer::intValue).min().ifPresent(bits -> {
                if (bits < 2048) {
                    weak.put(v.version(), bits);
                }
            });
        }
        if (weak.isEmpty()) {
            return null;
        }
        int smallest = weak.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        boolean broken = smallest < 1024;
        Severity severity =
                relay ? (broken ? Severity.WARNING : Severity.INFO) : (broken ? Severity.ERROR : Severity.WARNING);
        String in = weak.entrySet().stream()
                .map(e -> e.getValue() + " bits in " + e.getKey())
                .collect(Collectors.joining(", "));
        String why = broken
                ? "A group under 1024 bits is within reach of precomputation (Logjam): the DHE sessions can be"
                        + " decrypted."
                : "A 1024-bit group is below what NIST and the BSI allow since 2014; a state-level attacker can"
                        + " precompute it (Logjam), and OpenSSL at its default security level refuses it.";
        String where = relay
                ? " On port 25 it still beats the plaintext a sender would otherwise use (RFC 7435)."
                : " Clients send passwords on this port.";
        return new Hint(
                HintCode.TLS_WEAK_DH,
                severity,
                f.where() + " uses a " + smallest + "-bit Diffie-Hellman group for its DHE suites (" + in + ").",
                why + where,
                TlsSettingFixes.DH);
    }

    private static Hint suitesOk(Facts f, TlsEnumeration found) {
        String counts = found.accepted().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().size())
                .collect(Collectors.joining(", "));
        List<String> undecided = new ArrayList<>();
        found.versions().stream()
                .filter(v -> v.accepted() == Acceptance.UNKNOWN)
                .forEach(v -> undecided.add(v.version() + " (no offer got an answer)"));
        undecided.addAll(found.unknown());
        String unknown = undecided.isEmpty() ? "" : " Not decided: " + String.join("; ", undecided) + ".";
        return ok(
                HintCode.TLS_SUITES_OK,
                "Every suite " + f.where() + " accepts has forward secrecy and a strong cipher.",
                "No anonymous, NULL, EXPORT, DES, RC4 or 3DES suites, none without forward secrecy, no DH group under"
                        + " 2048 bits. Suites by version: " + counts + "." + unknown);
    }

    /** The fix, or turning the old versions off when they are the only place the suites live. */
    private static String fix(Map<String, List<String>> found, String ciphers) {
        boolean onlyOld = found.keySet().stream().allMatch(OLD_VERSIONS::contains);
        return onlyOld
                ? "They are only in " + String.join(", ", found.keySet()) + ": turn those versions off. "
                        + TlsSettingFixes.PROTOCOLS
                : ciphers;
    }

    /** The accepted suites the catalog classifies as {@code test}, by version, in each version's order. */
    private static Map<String, List<String>> matching(TlsEnumeration found, Predicate<Suite> test) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (VersionSuites v : found.versions()) {
            if (v.accepted() != Acceptance.YES) {
                continue;
            }
            List<String> names = v.suites().stream()
                    .filter(n -> {
                        Suite s = SuiteCatalog.byName(n);
                        return s != null && test.test(s);
                    })
                    .toList();
            if (!names.isEmpty()) {
                out.put(v.version(), names);
            }
        }
        return out;
    }

    /** A suite by its name as the enumeration or the JDK writes it ({@code SSL_RSA_WITH_...} too). */
    private static @Nullable Suite suite(String name) {
        Suite s = SuiteCatalog.byName(name);
        return s != null || !name.startsWith("SSL_") ? s : SuiteCatalog.byName("TLS_" + name.substring(4));
    }

    /** "TLSv1, TLSv1.2". */
    private static String versions(Map<String, List<String>> byVersion) {
        return String.join(", ", byVersion.keySet());
    }

    /** "1 suite", "12 suites": distinct names over every version. */
    private static String count(Map<String, List<String>> byVersion) {
        long n = byVersion.values().stream().flatMap(List::stream).distinct().count();
        return n == 1 ? "1 suite" : n + " suites";
    }

    /** "TLSv1.2: A, B, C, D and 3 more; TLSv1: A". */
    static String listing(Map<String, List<String>> byVersion) {
        List<String> parts = new ArrayList<>();
        byVersion.forEach((v, names) -> {
            String shown = String.join(", ", names.subList(0, Math.min(MAX_NAMES, names.size())));
            int more = names.size() - MAX_NAMES;
            parts.add(v + ": " + shown + (more > 0 ? " and " + more + " more" : ""));
        });
        return String.join("; ", parts);
    }

    private static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
