package dev.mailtls.domain;

import dev.mailtls.card.Report;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One published client service target (RFC 6186) and its probe.
 *
 * @param target the SRV target; empty for {@code .} ("not offered")
 * @param result the probe of the target's first address on its port; null when it was not probed
 * @param problem why it was not probed (no address, "not offered", the deadline); null when it was
 */
public record SrvCheck(
        ClientService service,
        String target,
        int port,
        @Nullable Report result,
        @Nullable String problem) {
    public SrvCheck {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(target, "target");
    }
}
