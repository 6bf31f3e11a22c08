package dev.mailtls.command;

import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.target.Protocol;
import dev.mailtls.target.Transport;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code <host> [port] [transport] [protocol] [flags]} command.
 *
 * @param protocol null when neither the port nor the host name tells: the greeting will
 * @param transport null for "auto": the port's well-known transport, else detected
 */
public record ProbeCommand(
        String host,
        int port,
        @Nullable Protocol protocol,
        @Nullable Transport transport,
        Set<Flag> flags) {

    /** Words that change how a chat command runs; the CLI has options for them instead. */
    public enum Flag {
        /** Re-probe even when a cached result exists. */
        FRESH,
        /** Run the invalid-credential auth probe. */
        AUTH,
        /** Answer only to the person who asked. */
        PRIVATE
    }

    public ProbeCommand {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public boolean has(Flag f) {
        return flags.contains(f);
    }

    public ProbeRequest toRequest(ProbeOptions options) {
        return new ProbeRequest(host, port, protocol, transport, options);
    }
}
