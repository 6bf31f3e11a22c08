package dev.mailtls.service;

import dev.mailtls.probe.ProbeRequest;
import java.util.List;

/**
 * What the service did with each request, for metrics and logs. Called on the caller's or the
 * probe's thread; implementations must be quick and must not throw. Requests never carry
 * credentials into a listener's hands other than as the flag {@code options().credentials() != null}.
 */
public interface ProbeListener {
    /** Ignores everything. */
    ProbeListener NONE = new ProbeListener() {};

    /** A probe ran (not a cache answer, not a shared one) and took {@code elapsedNanos}. */
    default void probed(ProbeRequest request, ServiceResult.Probed result, long elapsedNanos) {}

    /** A request was answered from the cache. */
    default void cacheHit(ProbeRequest request, ServiceResult.Probed result) {}

    /** A request joined an identical probe already running. */
    default void shared(ProbeRequest request, ServiceResult.Probed result) {}

    /**
     * A request was refused by a throttle, the connection budget of the server's address or the
     * queue bound, or its probe did not finish within the caller's deadline.
     */
    default void throttled(ProbeRequest request, ServiceResult.Throttled refusal) {}

    /** Every listener in turn. */
    static ProbeListener all(List<ProbeListener> listeners) {
        List<ProbeListener> copy = List.copyOf(listeners);
        return new ProbeListener() {
            @Override
            public void probed(ProbeRequest request, ServiceResult.Probed result, long elapsedNanos) {
                copy.forEach(l -> l.probed(request, result, elapsedNanos));
            }

            @Override
            public void cacheHit(ProbeRequest request, ServiceResult.Probed result) {
                copy.forEach(l -> l.cacheHit(request, result));
            }

            @Override
            public void shared(ProbeRequest request, ServiceResult.Probed result) {
                copy.forEach(l -> l.shared(request, result));
            }

            @Override
            public void throttled(ProbeRequest request, ServiceResult.Throttled refusal) {
                copy.forEach(l -> l.throttled(request, refusal));
            }
        };
    }
}
