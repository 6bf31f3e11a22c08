package dev.mailtls.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The path the evaluator judges: from the leaf, each next certificate is the sent one that issued
 * the previous one, until a certificate is or is issued by a trust anchor, is self-signed, or has
 * no issuer among those sent. Extra and out-of-order certificates are thereby tolerated.
 *
 * @param path leaf first; includes a sent certificate that is itself an anchor
 * @param anchor the anchor the path reaches, null when it reaches none
 * @param anchorSent whether the last certificate of {@code path} is the anchor itself
 */
record ChainWalk(List<X509Certificate> path, @Nullable X509Certificate anchor, boolean anchorSent) {

    static ChainWalk of(List<X509Certificate> sent, Set<X509Certificate> anchors) {
        List<X509Certificate> path = new ArrayList<>();
        Set<X509Certificate> used = new HashSet<>();
        X509Certificate current = sent.get(0);
        while (true) {
            path.add(current);
            used.add(current);
            X509Certificate same = sameAs(current, anchors);
            if (same != null) {
                return new ChainWalk(path, same, true);
            }
            X509Certificate issuer = issuerOf(current, anchors);
            if (issuer != null) {
                return new ChainWalk(path, issuer, false);
            }
            if (CertificateInspector.selfSigned(current)) {
                return new ChainWalk(path, null, false);
            }
            X509Certificate next = null;
            for (X509Certificate candidate : sent) {
                if (!used.contains(candidate) && CertificateInspector.issued(candidate, current)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return new ChainWalk(path, null, false);
            }
            current = next;
        }
    }

    /** The path PKIX validates: without the anchor when the server sent it. */
    List<X509Certificate> pathBelowAnchor() {
        return anchorSent ? path.subList(0, path.size() - 1) : path;
    }

    /** An anchor with the same subject and public key as {@code c} (a re-issued root counts). */
    private static @Nullable X509Certificate sameAs(X509Certificate c, Set<X509Certificate> anchors) {
        if (anchors.contains(c)) {
            return c;
        }
        for (X509Certificate a : anchors) {
            if (a.getSubjectX500Principal().equals(c.getSubjectX500Principal())
                    && a.getPublicKey().equals(c.getPublicKey())) {
                return a;
            }
        }
        return null;
    }

    private static @Nullable X509Certificate issuerOf(X509Certificate c, Set<X509Certificate> anchors) {
        for (X509Certificate a : anchors) {
            if (CertificateInspector.issued(a, c)) {
                return a;
            }
        }
        return null;
    }
}
