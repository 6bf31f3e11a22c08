package dev.mailtls.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The facts of certificates read before, so a certificate many servers send (a CA's intermediate,
 * a fleet's wildcard leaf) is read once ({@link CertificateInspector#inspect}), not at every probe.
 * A certificate is known by its exact encoding ({@link X509Certificate#equals}); its facts depend
 * on nothing else but the probe's time, from which the days left are counted again. At most {@code
 * capacity} certificates are kept; past that the memory starts afresh.
 */
public final class CertificateFacts {
    private final int capacity;
    private final Map<X509Certificate, CertificateInfo> seen = new ConcurrentHashMap<>();

    /** @param capacity how many certificates to keep, at least 1 */
    public CertificateFacts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** The facts of {@code cert} with the days left counted from {@code now}. */
    public CertificateInfo of(X509Certificate cert, Instant now) {
        CertificateInfo known = seen.get(cert);
        if (known != null) {
            return known.countedFrom(now);
        }
        CertificateInfo read = CertificateInspector.inspect(cert, now);
        if (seen.size() >= capacity) {
            seen.clear();
        }
        seen.putIfAbsent(cert, read);
        return read;
    }

    /** How many certificates are kept now. */
    int size() {
        return seen.size();
    }
}
