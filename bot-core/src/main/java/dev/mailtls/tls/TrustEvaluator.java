package dev.mailtls.tls;

import dev.mailtls.tls.TrustVerdict.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Judges whether a chain as a server sent it builds to a trust anchor: PKIX ({@link
 * CertPathValidator}) at a given instant, revocation off, with the JDK's algorithm constraints
 * ({@code jdk.certpath.disabledAlgorithms}), against the JDK's default trust store plus an optional
 * extra CA file. Untrusted chains are results, never exceptions.
 *
 * <p>The problem reported is the first that applies, in this order: no certificate; a certificate
 * on the path (leaf first) expired or not yet valid; a lone self-signed certificate; a chain ending
 * at a self-signed root the store lacks; a chain whose last certificate's issuer was neither sent
 * nor is in the store (missing intermediate); anything else PKIX refuses, such as a disabled
 * algorithm (MD5, keys below the JDK's minimum). With the JDK's default {@code java.security},
 * SHA-1 signatures and 1024-bit RSA keys under a private or extra-file root pass PKIX here
 * ({@code SHA1 jdkCA & usage TLSServer} only bites under a cacerts CA in a TLS trust manager, and
 * only RSA below 1024 bits is disabled): hints about them come from the certificate facts.
 */
public final class TrustEvaluator {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /**
     * Every anchor with how it is trusted ("by the JDK store", "via the operator's extra CA"). The
     * extra CA file's path is the operator's configuration: it is never named, since the reason goes
     * into chat channels and to anonymous web users.
     */
    private final Map<X509Certificate, String> anchors;

    private TrustEvaluator(Map<X509Certificate, String> anchors) {
        this.anchors = Map.copyOf(anchors);
    }

    /**
     * The JDK's default trust anchors (the default {@link TrustManagerFactory}, i.e. {@code
     * javax.net.ssl.trustStore} or cacerts) plus every certificate in {@code extraCaPemFile}.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read, holds no certificate
     *     or holds something that is not a PEM/DER certificate
     */
    public static TrustEvaluator jdkDefaults(@Nullable Path extraCaPemFile) {
        Map<X509Certificate, String> anchors = new LinkedHashMap<>();
        for (X509Certificate c : jdkAnchors()) {
            anchors.put(c, "by the JDK store");
        }
        if (extraCaPemFile != null) {
            String source = "via the operator's extra CA";
            for (X509Certificate c : readCaFile(extraCaPemFile)) {
                anchors.put(c, source);
            }
        }
        return new TrustEvaluator(anchors);
    }

    /** Exactly these anchors (for tests), described as "by the given trust anchors" in reasons. */
    public static TrustEvaluator of(Collection<X509Certificate> anchors) {
        Map<X509Certificate, String> map = new LinkedHashMap<>();
        for (X509Certificate c : anchors) {
            map.put(Objects.requireNonNull(c, "anchor"), "by the given trust anchors");
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("a TrustEvaluator needs at least one trust anchor");
        }
        return new TrustEvaluator(map);
    }

    /**
     * Judges {@code chainAsSent} (leaf first, in the server's order, possibly with extra or missing
     * certificates) at {@code now}.
     */
    public TrustVerdict evaluate(List<X509Certificate> chainAsSent, Instant now) {
        if (chainAsSent.isEmpty()) {
            return TrustVerdict.untrusted(Problem.NO_CERTIFICATE, "the server sent no certificate");
        }
        ChainWalk walk = ChainWalk.of(chainAsSent, anchors.keySet());
        // The anchor's own dates are not judged (PKIX does not), unless the leaf itself is the anchor.
        List<X509Certificate> dated = walk.pathBelowAnchor().isEmpty() ? walk.path() : walk.pathBelowAnchor();
        TrustVerdict validity = validity(dated, now);
        if (validity != null) {
            return validity;
        }
        if (walk.anchor() == null) {
            return unanchored(walk, chainAsSent.size());
        }
        return pkix(walk, now);
    }

    private static @Nullable TrustVerdict validity(List<X509Certificate> path, Instant now) {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            Instant notAfter = c.getNotAfter().toInstant();
            Instant notBefore = c.getNotBefore().toInstant();
            if (now.isAfter(notAfter)) {
                return TrustVerdict.untrusted(
                        Problem.EXPIRED,
                        role(path, i) + " " + name(c) + " expired on " + DAY.format(notAfter) + " ("
                                + DayCount.ago(notAfter, now) + ")");
            }
            if (now.isBefore(notBefore)) {
                return TrustVerdict.untrusted(
                        Problem.NOT_YET_VALID,
                        role(path, i) + " " + name(c) + " is not valid before " + DAY.format(notBefore)
                                + " (check the server's clock or the certificate's issue date)");
            }
        }
        return null;
    }

    private static TrustVerdict unanchored(ChainWalk walk, int sent) {
        List<X509Certificate> path = walk.path();
        X509Certificate last = path.get(path.size() - 1);
        if (CertificateInspector.selfSigned(last)) {
            if (path.size() == 1) {
                return TrustVerdict.untrusted(
                        Problem.SELF_SIGNED,
                        "the certificate " + name(last) + " is self-signed and not in the trust store");
            }
            return TrustVerdict.untrusted(
                    Problem.UNTRUSTED_ROOT,
                    "the chain ends at the root " + name(last) + ", which is not in the trust store");
        }
        String issuer = CertificateInspector.readable(last.getIssuerX500Principal());
        if (path.size() == 1) {
            return TrustVerdict.untrusted(
                    Problem.INCOMPLETE_CHAIN,
                    (sent == 1
                                    ? "missing intermediate: the server sent only its own certificate; it should also"
                                            + " send"
                                    : "missing intermediate: none of the other certificates the server sent issued"
                                            + " its own; it should send")
                            + " the intermediate CA \"" + issuer + "\" that issued it");
        }
        return TrustVerdict.untrusted(
                Problem.INCOMPLETE_CHAIN,
                "incomplete chain: the last certificate sent, " + name(last) + ", was issued by \"" + issuer
                        + "\", which the server did not send and the trust store does not hold; the server"
                        + " should send it (a missing intermediate), or, for a private CA, its root belongs"
                        + " in the extra CA file");
    }

    private TrustVerdict pkix(ChainWalk walk, Instant now) {
        X509Certificate anchor = Objects.requireNonNull(walk.anchor());
        String source = anchors.get(anchor);
        List<X509Certificate> path = walk.pathBelowAnchor();
        if (path.isEmpty()) {
            return TrustVerdict.trusted("the certificate " + name(anchor) + " is itself trusted " + source);
        }
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), params);
        } catch (CertPathValidatorException e) {
            return refused(e, path);
        } catch (GeneralSecurityException e) {
            return TrustVerdict.untrusted(Problem.OTHER, "the chain could not be validated: " + e.getMessage());
        }
        int length = path.size() + 1;
        return TrustVerdict.trusted("chain of " + length + " trusted " + source + " (root " + name(anchor) + ")");
    }

    private static TrustVerdict refused(CertPathValidatorException e, List<X509Certificate> path) {
        int index = e.getIndex();
        String where =
                index >= 0 && index < path.size() ? " at " + role(path, index) + " " + name(path.get(index)) : "";
        if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
            // Already checked on the path; reached only through an anchor-side quirk, so say it plainly.
            Problem p = e.getReason() == BasicReason.EXPIRED ? Problem.EXPIRED : Problem.NOT_YET_VALID;
            return TrustVerdict.untrusted(p, "PKIX validation failed" + where + ": " + e.getMessage());
        }
        if (e.getReason() == BasicReason.ALGORITHM_CONSTRAINED) {
            return TrustVerdict.untrusted(
                    Problem.OTHER,
                    "the chain builds to a trusted root but the JDK refuses its algorithms"
                            + " (jdk.certpath.disabledAlgorithms)" + where + ": " + e.getMessage());
        }
        String why = e.getReason() == PKIXReason.NOT_CA_CERT
                ? "an issuing certificate is not marked as a CA"
                : e.getReason() == PKIXReason.PATH_TOO_LONG
                        ? "the chain is longer than a CA's path length constraint allows"
                        : e.getReason() == BasicReason.INVALID_SIGNATURE
                                ? "a signature in the chain does not verify"
                                : "PKIX validation failed";
        return TrustVerdict.untrusted(Problem.OTHER, why + where + ": " + e.getMessage());
    }

    private static String role(List<X509Certificate> path, int index) {
        if (index == 0) {
            return "the leaf certificate";
        }
        return CertificateInspector.selfSigned(path.get(index)) ? "the root certificate" : "the intermediate CA";
    }

    private static String name(X509Certificate c) {
        return "\"" + CertificateInspector.readable(c.getSubjectX500Principal()) + "\"";
    }

    private static List<X509Certificate> jdkAnchors() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            List<X509Certificate> out = new ArrayList<>();
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    out.addAll(List.of(x509.getAcceptedIssuers()));
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JDK's default trust store: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> readCaFile(Path file) {
        Collection<? extends Certificate> read;
        try (InputStream in = new ByteArrayInputStream(CaFile.read(file))) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA file " + file + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "the CA file " + file + " is not a PEM certificate list: " + e.getMessage(), e);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : read) {
            if (c instanceof X509Certificate x509) {
                out.add(x509);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the CA file " + file
                    + " holds no certificate (expected PEM blocks \"-----BEGIN CERTIFICATE-----\")");
        }
        return out;
    }
}
