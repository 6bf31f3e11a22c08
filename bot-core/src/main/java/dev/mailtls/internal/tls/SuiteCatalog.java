package dev.mailtls.internal.tls;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;
import org.jspecify.annotations.Nullable;

/**
 * Every TLS cipher suite with an IANA name, from Bouncy Castle's registry ({@link CipherSuite}),
 * classified by what an enumeration and a grade need: its key-exchange family, and the versions it
 * may be offered in. Signalling values (the renegotiation and fallback SCSVs) and {@code
 * TLS_NULL_WITH_NULL_NULL} are not suites and are left out.
 */
public final class SuiteCatalog {

    /** The key exchange of a suite, as offered one family per ClientHello. */
    public enum Family {
        /** Ephemeral elliptic-curve Diffie-Hellman, signed (forward secrecy). */
        ECDHE,
        /** Ephemeral finite-field Diffie-Hellman, signed (forward secrecy). */
        DHE,
        /** RSA key transport (no forward secrecy), export variants included. */
        RSA,
        /** Unauthenticated Diffie-Hellman ({@code DH_anon}, {@code ECDH_anon}). */
        ANON,
        /** Static (certificate) Diffie-Hellman: {@code DH_RSA}, {@code ECDH_ECDSA}, … */
        STATIC_DH,
        /** Pre-shared keys, SRP, Kerberos and the rest, rarely enabled on mail servers. */
        OTHER,
        /** The TLS 1.3 suites, which name no key exchange. */
        TLS13
    }

    /**
     * What makes a suite's cipher weak, worst first: the order a grade names them in.
     *
     * @param brokenEncryption true when the suite gives no real confidentiality (no encryption, or
     *     keys short enough to break at will), false when it is only weakened
     */
    public enum Weakness {
        /** No encryption at all ({@code _WITH_NULL_}). */
        NULL("NULL", true),
        /** Export-grade: 40- or 56-bit keys, RSA key exchange with 512-bit keys. */
        EXPORT("EXPORT", true),
        /** Single DES: a 56-bit key. */
        DES("DES", false),
        /** RC4: practical plaintext recovery; RFC 7465 forbids it. */
        RC4("RC4", false),
        /** Triple DES: a 64-bit block (Sweet32). */
        TRIPLE_DES("3DES", false);

        private final String label;
        private final boolean brokenEncryption;

        Weakness(String label, boolean brokenEncryption) {
            this.label = label;
            this.brokenEncryption = brokenEncryption;
        }

        /** "NULL", "EXPORT", "DES", "RC4", "3DES": as OpenSSL's cipher strings and the RFCs write them. */
        public String label() {
            return label;
        }

        public boolean brokenEncryption() {
            return brokenEncryption;
        }
    }

    /** One suite. */
    public record Suite(int code, String name, Family family, boolean tls12Only) {
        /** Unauthenticated key exchange ({@code DH_anon}, {@code ECDH_anon}): OpenSSL's aNULL. */
        public boolean isAnonymous() {
            return family == Family.ANON;
        }

        /** No encryption: OpenSSL's eNULL. */
        public boolean isNull() {
            return cipher().startsWith("NULL");
        }

        /** Export-grade keys. */
        public boolean isExport() {
            return name.contains("_EXPORT");
        }

        public boolean isRc4() {
            return cipher().startsWith("RC4");
        }

        /** Single DES, 40- or 56-bit (not triple DES). */
        public boolean isDes() {
            String c = cipher();
            return c.startsWith("DES_") || c.startsWith("DES40_");
        }

        /** Triple DES ({@code 3DES_EDE_CBC}). */
        public boolean isTripleDes() {
            return cipher().startsWith("3DES");
        }

        /** A CBC-mode block cipher, open to padding-oracle and BEAST-style attacks where TLS 1.0 uses it. */
        public boolean isCbc() {
            return cipher().contains("_CBC");
        }

        /**
         * An ephemeral key exchange, so a stolen server key does not decrypt recorded sessions: ECDHE,
         * DHE (their PSK forms too), the anonymous ones, and every TLS 1.3 suite.
         */
        public boolean forwardSecret() {
            if (family == Family.TLS13 || family == Family.ECDHE || family == Family.DHE || family == Family.ANON) {
                return true;
            }
            String kx = keyExchange();
            return kx.startsWith("ECDHE_") || kx.startsWith("DHE_");
        }

        /** The worst weakness of the cipher, or null when it has none of {@link Weakness}. */
        public @Nullable Weakness weakness() {
            if (isNull()) {
                return Weakness.NULL;
            }
            if (isExport()) {
                return Weakness.EXPORT;
            }
            if (isDes()) {
                return Weakness.DES;
            }
            if (isRc4()) {
                return Weakness.RC4;
            }
            return isTripleDes() ? Weakness.TRIPLE_DES : null;
        }

        /** The IANA name of the key exchange and authentication: {@code ECDHE_RSA}; empty for TLS 1.3. */
        public String keyExchange() {
            int with = name.indexOf("_WITH_");
            return with < 0 ? "" : name.substring(4, with);
        }

        /** The part after {@code _WITH_} (cipher and MAC), or the whole name without {@code TLS_} for TLS 1.3. */
        public String cipher() {
            int with = name.indexOf("_WITH_");
            return with < 0 ? name.substring(4) : name.substring(with + 6);
        }
    }

    private static final Map<Integer, Suite> BY_CODE = load();
    private static final Map<String, Suite> BY_NAME = byName(BY_CODE);

    private SuiteCatalog() {}

    /** Every suite, by code. */
    public static Map<Integer, Suite> all() {
        return BY_CODE;
    }

    /** The suite with this code, or null when the registry has no name for it. */
    public static @Nullable Suite of(int code) {
        return BY_CODE.get(code);
    }

    /** The suite with this IANA name, or null when the registry has none by that name. */
    public static @Nullable Suite byName(String name) {
        return BY_NAME.get(name);
    }

    /** The IANA name of a suite, or its number in hex. */
    public static String name(int code) {
        Suite s = BY_CODE.get(code);
        return s == null ? String.format("0x%04X", code) : s.name();
    }

    /** The suites of a family that may be offered in {@code version} (SSLv3 and TLS 1.0-1.2), in code order. */
    public static List<Suite> offerable(Family family, TlsVersion version) {
        List<Suite> out = new ArrayList<>();
        for (Suite s : BY_CODE.values()) {
            if (s.family() != family) {
                continue;
            }
            if (version == TlsVersion.TLS13) {
                if (family == Family.TLS13) {
                    out.add(s);
                }
            } else if (family != Family.TLS13 && (!s.tls12Only() || version == TlsVersion.TLS12)) {
                out.add(s);
            }
        }
        return out;
    }

    private static Map<Integer, Suite> load() {
        Map<Integer, Suite> byCode = new LinkedHashMap<>();
        List<Field> fields = new ArrayList<>(List.of(CipherSuite.class.getFields()));
        for (Field f : fields) {
            if (!Modifier.isStatic(f.getModifiers())
                    || f.getType() != int.class
                    || !f.getName().startsWith("TLS_")) {
                continue;
            }
            int code;
            try {
                code = f.getInt(null);
            } catch (IllegalAccessException e) {
                continue;
            }
            String name = f.getName();
            if (code == 0 || name.endsWith("_SCSV") || byCode.containsKey(code)) {
                continue;
            }
            byCode.put(code, classify(code, name));
        }
        List<Integer> codes = new ArrayList<>(byCode.keySet());
        Collections.sort(codes);
        Map<Integer, Suite> sorted = new LinkedHashMap<>();
        codes.forEach(c -> sorted.put(c, byCode.get(c)));
        return Collections.unmodifiableMap(sorted);
    }

    private static Map<String, Suite> byName(Map<Integer, Suite> byCode) {
        Map<String, Suite> out = new LinkedHashMap<>();
        byCode.values().forEach(s -> out.put(s.name(), s));
        return Collections.unmodifiableMap(out);
    }

    static Suite classify(int code, String name) {
        int with = name.indexOf("_WITH_");
        if (with < 0) {
            return new Suite(code, name, Family.TLS13, false);
        }
        String kx = name.substring(4, with);
        String rest = name.substring(with + 6);
        Family family;
        if (kx.contains("anon")) {
            family = Family.ANON;
        } else if (kx.contains("PSK")
                || kx.startsWith("SRP")
                || kx.startsWith("KRB5")
                || kx.startsWith("ECCPWD")
                || kx.startsWith("GOST")) {
            family = Family.OTHER;
        } else if (kx.startsWith("ECDHE_")) {
            family = Family.ECDHE;
        } else if (kx.startsWith("DHE_")) {
            family = Family.DHE;
        } else if (kx.startsWith("RSA")) {
            family = Family.RSA;
        } else if (kx.startsWith("DH_") || kx.startsWith("ECDH_")) {
            family = Family.STATIC_DH;
        } else {
            family = Family.OTHER;
        }
        boolean tls12Only = rest.contains("GCM")
                || rest.contains("CCM")
                || rest.contains("CHACHA20")
                || rest.endsWith("_SHA256")
                || rest.endsWith("_SHA384")
                || rest.contains("ARIA");
        return new Suite(code, name, family, tls12Only);
    }
}
