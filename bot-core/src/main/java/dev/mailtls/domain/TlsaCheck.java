package dev.mailtls.domain;

import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.CertificateInspector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Certificate;
import org.jspecify.annotations.Nullable;

/**
 * The byte work of TLSA matching (RFC 6698 §2.1): which fields SMTP uses, the selected bytes of a
 * certificate, their digest, and which presented certificates issued the leaf.
 */
final class TlsaCheck {
    /** RFC 7218's mnemonics: DANE-TA(2), DANE-EE(3); PKIX-TA(0) and PKIX-EE(1) are not for SMTP. */
    static final int PKIX_TA = 0;

    static final int PKIX_EE = 1;
    static final int DANE_TA = 2;
    static final int DANE_EE = 3;
    static final int SELECTOR_CERT = 0;
    static final int SELECTOR_SPKI = 1;
    static final int FULL = 0;
    static final int SHA2_256 = 1;
    static final int SHA2_512 = 2;

    private TlsaCheck() {}

    /** Usage 2 or 3, selector 0 or 1, matching type 0, 1 or 2. */
    static boolean usableFields(TlsaRecord r) {
        return (r.usage() == DANE_TA || r.usage() == DANE_EE)
                && (r.selector() == SELECTOR_CERT || r.selector() == SELECTOR_SPKI)
                && (r.matchingType() == FULL || r.matchingType() == SHA2_256 || r.matchingType() == SHA2_512);
    }

    /** Why an SMTP client ignores {@code r}, or null when it is usable. */
    static @Nullable String unusableReason(TlsaRecord r) {
        if (r.usage() == PKIX_TA || r.usage() == PKIX_EE) {
            return "usage " + r.usage() + " (" + usageName(r.usage()) + ") is not for SMTP: with no CA list to"
                    + " check against, SMTP clients ignore it (RFC 7672 §3.1.3); publish usage 3 (DANE-EE) or"
                    + " 2 (DANE-TA)";
        }
        if (r.usage() != DANE_TA && r.usage() != DANE_EE) {
            return "usage " + r.usage() + " is unknown (RFC 6698 defines 0 to 3; SMTP uses 2 and 3)";
        }
        if (r.selector() != SELECTOR_CERT && r.selector() != SELECTOR_SPKI) {
            return "selector " + r.selector() + " is unknown (0: the whole certificate, 1: its public key)";
        }
        if (r.matchingType() != FULL && r.matchingType() != SHA2_256 && r.matchingType() != SHA2_512) {
            return "matching type " + r.matchingType() + " is unknown (0: exact, 1: SHA-256, 2: SHA-512)";
        }
        int length = r.data().length() / 2;
        if (r.matchingType() == SHA2_256 && length != 32) {
            return "a SHA-256 digest is 32 bytes, this record holds " + length + ": the record is malformed";
        }
        if (r.matchingType() == SHA2_512 && length != 64) {
            return "a SHA-512 digest is 64 bytes, this record holds " + length + ": the record is malformed";
        }
        if (r.matchingType() == FULL && length == 0) {
            return "the record holds no data to compare";
        }
        return null;
    }

    static String usageName(int usage) {
        return switch (usage) {
            case PKIX_TA -> "PKIX-TA";
            case PKIX_EE -> "PKIX-EE";
            case DANE_TA -> "DANE-TA";
            case DANE_EE -> "DANE-EE";
            default -> "usage " + usage;
        };
    }

    /**
     * The association data a record with {@code selector} and {@code matchingType} holds for the
     * certificate {@code der}: the certificate or its SubjectPublicKeyInfo, whole or digested.
     *
     * @throws IllegalArgumentException when {@code der} is not a certificate
     */
    static byte[] associationData(int selector, int matchingType, byte[] der) {
        byte[] selected = selector == SELECTOR_SPKI ? subjectPublicKeyInfo(der) : der;
        return switch (matchingType) {
            case FULL -> selected;
            case SHA2_256 -> digest("SHA-256", selected);
            case SHA2_512 -> digest("SHA-512", selected);
            default -> throw new IllegalArgumentException("matching type " + matchingType + " is unknown");
        };
    }

    /** The SubjectPublicKeyInfo exactly as the certificate encodes it (RFC 5280 §4.1.2.7). */
    static byte[] subjectPublicKeyInfo(byte[] der) {
        try {
            return Certificate.getInstance(der).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "not a DER certificate (" + der.length + " bytes): " + e.getMessage(), e);
        }
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /**
     * Positions in {@code chain} of the certificates that issued the leaf, nearest first: from the
     * leaf, each next one is a presented certificate whose subject is the current one's issuer and
     * whose key verifies its signature, until none is or the current one is self-issued. Excludes
     * the leaf (position 0). Certificates that do not parse are never on the path.
     */
    static List<Integer> issuerPath(List<CertificateInfo> chain) {
        List<@Nullable X509Certificate> parsed = new ArrayList<>();
        for (CertificateInfo info : chain) {
            parsed.add(parse(info));
        }
        List<Integer> path = new ArrayList<>();
        if (parsed.isEmpty() || parsed.get(0) == null) {
            return path;
        }
        Set<Integer> used = new HashSet<>(Set.of(0));
        X509Certificate current = parsed.get(0);
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            int next = -1;
            for (int i = 1; i < parsed.size(); i++) {
                X509Certificate candidate = parsed.get(i);
                if (candidate != null && !used.contains(i) && CertificateInspector.issued(candidate, current)) {
                    next = i;
                    break;
                }
            }
            if (next < 0) {
                break;
            }
            path.add(next);
            used.add(next);
            current = parsed.get(next);
        }
        return path;
    }

    private static @Nullable X509Certificate parse(CertificateInfo info) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(info.der().toByteArray()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }
}
