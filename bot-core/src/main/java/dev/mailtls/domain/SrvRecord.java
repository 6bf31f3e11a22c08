package dev.mailtls.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * One SRV record (RFC 2782), as RFC 6186 uses them for mail clients' settings.
 *
 * @param target lower case, without the trailing dot; empty for {@code .}, "this service is not
 *     offered"
 */
public record SrvRecord(int priority, int weight, int port, String target) {
    public SrvRecord {
        Objects.requireNonNull(target, "target");
        target = target.endsWith(".") ? target.substring(0, target.length() - 1) : target;
        target = target.toLowerCase(Locale.ROOT);
    }

    /** Target {@code .}: the service is decidedly not available (RFC 2782). */
    public boolean notOffered() {
        return target.isEmpty();
    }

    @Override
    public String toString() {
        return priority + " " + weight + " " + port + " " + (target.isEmpty() ? "." : target);
    }
}
