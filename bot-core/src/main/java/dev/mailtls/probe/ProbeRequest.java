package dev.mailtls.probe;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to probe, as asked. A null protocol is inferred from the greeting; a null transport ("auto")
 * is found by trying a plaintext greeting first, then implicit TLS.
 */
public record ProbeRequest(
        String host,
        int port,
        @Nullable Protocol protocol,
        @Nullable Transport transport,
        ProbeOptions options) {

    public ProbeRequest {
        Objects.requireNonNull(options, "options");
        host = Target.normaliseHost(Objects.requireNonNull(host, "host"));
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }
}
