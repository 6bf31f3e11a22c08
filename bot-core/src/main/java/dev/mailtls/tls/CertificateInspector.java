package dev.mailtls.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.XECKey;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.jspecify.annotations.Nullable;

/**
 * Reads the facts a person wants from one certificate. It never throws on an odd certificate: a
 * fact it cannot read becomes "unknown", 0 or empty.
 */
public final class CertificateInspector {

    static final String UNKNOWN = "unknown";

    /** Keywords for attributes RFC 4514 has no short name for, so they print as text, not hex. */
    private static final Map<String, String> EXTRA_KEYWORDS = Map.of(
            "1.2.840.113549.1.9.1", "EMAILADDRESS",
            "2.5.4.5", "SERIALNUMBER",
            "2.5.4.97", "ORGANIZATIONIDENTIFIER");

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private CertificateInspector() {}

    /**
     * The facts of {@code cert}, with {@code daysLeft} counted from {@code now}.
     *
     * @return never null; unreadable facts are "unknown" or 0
     */
    public static CertificateInfo inspect(X509Certificate cert, Instant now) {
        Instant notBefore = orElse(() -> cert.getNotBefore().toInstant(), Instant.EPOCH);
        Instant notAfter = orElse(() -> cert.getNotAfter().toInstant(), Instant.EPOCH);
        List<String> dns = new ArrayList<>();
        List<String> ip = new ArrayList<>();
        subjectAltNames(cert, dns, ip);
        PublicKey key = orElse(cert::getPublicKey, null);
        return new CertificateInfo(
                orElse(() -> readable(cert.getSubjectX500Principal()), UNKNOWN),
                orElse(() -> readable(cert.getIssuerX500Principal()), UNKNOWN),
                orElse(() -> cert.getSerialNumber().toString(16).toUpperCase(Locale.ROOT), UNKNOWN),
                notBefore,
                notAfter,
                daysBetween(now, notAfter),
                dns,
                ip,
                key == null ? UNKNOWN : orElse(() -> keyType(key), UNKNOWN),
                key == null ? 0 : orElse(() -> keyBits(key), 0),
                key == null ? null : orElse(() -> curve(key), null),
                orElse(cert::getSigAlgName, UNKNOWN),
                orElse(() -> sha256(cert), UNKNOWN),
                orElse(() -> selfSigned(cert), false),
                orElse(() -> cert.getBasicConstraints() >= 0, false),
                orElse(() -> DerBytes.of(cert.getEncoded()), DerBytes.empty()));
    }

    /**
     * A distinguished name as RFC 4514 orders it (most specific first), RDNs joined by ", ": {@code
     * CN=mail.example.com, O=Example, C=DE}.
     */
    static String readable(X500Principal name) {
        String rfc2253 = name.getName(X500Principal.RFC2253, EXTRA_KEYWORDS);
        try {
            List<Rdn> rdns = new LdapName(rfc2253).getRdns();
            List<String> parts = new ArrayList<>(rdns.size());
            // LdapName indexes RDNs right to left; RFC 4514 prints them left to right.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                parts.add(rdns.get(i).toString());
            }
            return String.join(", ", parts);
        } catch (InvalidNameException | IllegalArgumentException e) {
            return rfc2253;
        }
    }

    /** Whole days from {@code now} to {@code notAfter}, rounded down: -1 a second after expiry. */
    static long daysBetween(Instant now, Instant notAfter) {
        return DayCount.left(now, notAfter);
    }

    private static void subjectAltNames(X509Certificate cert, List<String> dns, List<String> ip) {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException | RuntimeException e) {
            return;
        }
        if (sans == null) {
            return;
        }
        for (List<?> san : sans) {
            if (san.size() < 2 || !(san.get(0) instanceof Integer type) || !(san.get(1) instanceof String value)) {
                continue;
            }
            if (type == SAN_DNS) {
                dns.add(value);
            } else if (type == SAN_IP) {
                ip.add(value);
            }
        }
    }

    static String keyType(PublicKey key) {
        // The JDK calls Ed25519 and X25519 keys "EdDSA" and "XDH"; the curve is the name people use.
        if (key instanceof EdECKey ed) {
            return ed.getParams().getName();
        }
        if (key instanceof XECKey xec && xec.getParams() instanceof NamedParameterSpec named) {
            return named.getName();
        }
        return switch (key.getAlgorithm()) {
            case "RSASSA-PSS" -> "RSA-PSS";
            case "EdDSA", "XDH" -> namedFromEncoding(key);
            default -> key.getAlgorithm();
        };
    }

    static int keyBits(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAKey dsa && dsa.getParams() != null) {
            return dsa.getParams().getP().bitLength();
        }
        return switch (keyType(key)) {
            case "Ed25519", "X25519" -> 255;
            case "Ed448", "X448" -> 448;
            default -> 0;
        };
    }

    /**
     * The EC curve's common name (P-256, P-384, P-521, else Bouncy Castle's name such as
     * brainpoolP256r1), read from the key's encoding so explicit parameters are named too.
     */
    static @Nullable String curve(PublicKey key) {
        if (!(key instanceof ECKey)) {
            return null;
        }
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        X962Parameters params = X962Parameters.getInstance(info.getAlgorithm().getParameters());
        if (params.isNamedCurve()) {
            return curveName(ASN1ObjectIdentifier.getInstance(params.getParameters()));
        }
        if (params.isImplicitlyCA()) {
            return UNKNOWN;
        }
        X9ECParameters explicit = X9ECParameters.getInstance(params.getParameters());
        var names = ECNamedCurveTable.getNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            X9ECParameters known = ECNamedCurveTable.getByName(name);
            if (known != null
                    && known.getCurve().equals(explicit.getCurve())
                    && known.getG().equals(explicit.getG())
                    && known.getN().equals(explicit.getN())) {
                ASN1ObjectIdentifier oid = ECNamedCurveTable.getOID(name);
                return oid == null ? name : curveName(oid);
            }
        }
        return UNKNOWN;
    }

    private static String curveName(ASN1ObjectIdentifier oid) {
        String nist = NISTNamedCurves.getName(oid);
        if (nist != null) {
            return nist;
        }
        String other = ECNamedCurveTable.getName(oid);
        return other != null ? other : oid.getId();
    }

    private static String namedFromEncoding(PublicKey key) {
        String oid = SubjectPublicKeyInfo.getInstance(key.getEncoded())
                .getAlgorithm()
                .getAlgorithm()
                .getId();
        return switch (oid) {
            case "1.3.101.112" -> "Ed25519";
            case "1.3.101.113" -> "Ed448";
            case "1.3.101.110" -> "X25519";
            case "1.3.101.111" -> "X448";
            default -> key.getAlgorithm();
        };
    }

    static String sha256(X509Certificate cert) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /** Subject equals issuer and the certificate's signature verifies with its own public key. */
    static boolean selfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A source of one fact that may fail on an odd certificate. */
    @FunctionalInterface
    private interface Fact<T extends @Nullable Object> {
        T read() throws Exception;
    }

    private static <T extends @Nullable Object> T orElse(Fact<T> fact, T fallback) {
        try {
            T value = fact.read();
            return value == null ? fallback : value;
        } catch (Exception e) {
            return fallback;
        }
    }

    /** Whether {@code issuer} issued {@code subject}: its name is the subject's issuer and its key verifies the signature. */
    public static boolean issued(X509Certificate issuer, X509Certificate subject) {
        if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
            return false;
        }
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
