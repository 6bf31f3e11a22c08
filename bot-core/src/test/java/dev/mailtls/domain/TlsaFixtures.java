package dev.mailtls.domain;

import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.CertificateInspector;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * TLSA association data computed the plain JDK way, apart from the code under test: the certificate's
 * encoding, or the public key's ({@code X509EncodedKeySpec}, the SubjectPublicKeyInfo), whole or
 * digested.
 */
final class TlsaFixtures {
    private TlsaFixtures() {}

    static List<CertificateInfo> presented(Instant now, List<X509Certificate> chain) {
        return chain.stream().map(c -> CertificateInspector.inspect(c, now)).toList();
    }

    static TlsaRecord record(int usage, int selector, int matchingType, X509Certificate cert) {
        return new TlsaRecord(usage, selector, matchingType, data(selector, matchingType, cert));
    }

    static String data(int selector, int matchingType, X509Certificate cert) {
        try {
            byte[] selected = selector == 1 ? cert.getPublicKey().getEncoded() : cert.getEncoded();
            byte[] out = switch (matchingType) {
                case 0 -> selected;
                case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
                case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
                default -> throw new IllegalArgumentException("matching type " + matchingType);
            };
            return HexFormat.of().formatHex(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code hex} with its last byte changed. */
    static String oneByteOff(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        bytes[bytes.length - 1] ^= 0x01;
        return HexFormat.of().formatHex(bytes);
    }
}
