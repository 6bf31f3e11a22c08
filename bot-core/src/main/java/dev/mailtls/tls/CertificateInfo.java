package dev.mailtls.tls;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The facts of one certificate, as a person reads them. Distinguished names are RFC 4514 strings.
 *
 * @param daysLeft whole days from the probe's time to notAfter; negative once expired
 * @param keyType RSA, EC, Ed25519, ...
 * @param keyBits key size in bits (RSA modulus, EC field size)
 * @param curve the named curve of an EC key (P-256...), else null
 * @param sha256 SHA-256 fingerprint of the DER encoding, upper-case hex pairs joined by colons
 * @param selfSigned whether subject equals issuer and the signature verifies with its own key
 * @param ca whether basic constraints mark it as a CA
 * @param der the certificate exactly as the server sent it, for matching against TLSA records (RFC
 *     6698); empty when built without it. Not part of the JSON output.
 */
public record CertificateInfo(
        String subject,
        String issuer,
        String serial,
        Instant notBefore,
        Instant notAfter,
        long daysLeft,
        List<String> sanDns,
        List<String> sanIp,
        String keyType,
        int keyBits,
        @Nullable String curve,
        String signatureAlgorithm,
        String sha256,
        boolean selfSigned,
        boolean ca,
        DerBytes der) {

    public CertificateInfo {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(der, "der");
        sanDns = List.copyOf(sanDns);
        sanIp = List.copyOf(sanIp);
    }

    /**
     * The same facts with {@code daysLeft} counted from {@code now} (as {@link
     * CertificateInspector#inspect} counts them): this value when they are the same.
     */
    public CertificateInfo countedFrom(Instant now) {
        long days = DayCount.left(now, notAfter);
        if (days == daysLeft) {
            return this;
        }
        return new CertificateInfo(
                subject,
                issuer,
                serial,
                notBefore,
                notAfter,
                days,
                sanDns,
                sanIp,
                keyType,
                keyBits,
                curve,
                signatureAlgorithm,
                sha256,
                selfSigned,
                ca,
                der);
    }

    /** The facts without the encoding ({@link DerBytes#empty()}): for values built by hand. */
    public CertificateInfo(
            String subject,
            String issuer,
            String serial,
            Instant notBefore,
            Instant notAfter,
            long daysLeft,
            List<String> sanDns,
            List<String> sanIp,
            String keyType,
            int keyBits,
            @Nullable String curve,
            String signatureAlgorithm,
            String sha256,
            boolean selfSigned,
            boolean ca) {
        this(
                subject,
                issuer,
                serial,
                notBefore,
                notAfter,
                daysLeft,
                sanDns,
                sanIp,
                keyType,
                keyBits,
                curve,
                signatureAlgorithm,
                sha256,
                selfSigned,
                ca,
                DerBytes.empty());
    }

    /** All subject alternative names, DNS first. */
    public List<String> sans() {
        return java.util.stream.Stream.concat(sanDns.stream(), sanIp.stream()).toList();
    }
}
