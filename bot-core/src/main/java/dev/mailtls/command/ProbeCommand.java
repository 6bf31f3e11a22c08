package dev.mailtls.command;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
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
        PRIVATE,
        /**
         * Every TLS version and cipher suite the server accepts ({@code --deep}): many more
         * connections, so a longer deadline and a stricter throttle.
         */
        DEEP
    }

    public ProbeCommand {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public boolean has(Flag f) {
        return flags.contains(f);
    }

    /** The same command with {@code flag} added. */
    public ProbeCommand with(Flag flag) {
        Set<Flag> more = EnumSet.of(flag);
        more.addAll(flags);
        return new ProbeCommand(host, port, protocol, transport, more);
    }

    /**
     * The command in the shared grammar's words, {@code mail.example.com 465 tls smtp fresh}: what
     * {@link CommandParser#parse(String)} reads back to this command. Chat buttons carry it.
     */
    public String words() {
        StringBuilder b = new StringBuilder(host).append(' ').append(port);
        if (transport != null) {
            b.append(' ').append(transport.id());
        }
        if (protocol != null) {
            b.append(' ').append(protocol.id());
        }
        String f = flags.stream()
                .sorted()
                .map(x -> x.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
        return f.isEmpty() ? b.toString() : b + " " + f;
    }

    /**
     * The web page's link to this target's result, {@code /?host=...&port=...&transport=...}, in
     * the form of {@link TryCommand.Form#WEB}; "auto" where the command left the transport to the
     * port or the server. Of the flags only {@code deep} is part of it (the form's checkbox): the
     * link never asks for {@code fresh}.
     */
    public String webLink() {
        return "/?host=" + URLEncoder.encode(host, StandardCharsets.UTF_8) + "&port=" + port + "&transport="
                + (transport == null ? "auto" : transport.id())
                + (protocol == null ? "" : "&protocol=" + protocol.id())
                + (has(Flag.DEEP) ? "&deep=on" : "");
    }

    /**
     * The request this command asks for, with its flags applied to {@code options}: {@code auth}
     * turns the invalid-credential auth probe on (options that already probe auth, with or without
     * real credentials, are kept as they are). {@code deep} makes a deep probe with at least {@link
     * ProbeOptions#DEEP_DEADLINE} (options already deep keep their deadline: the caller chose it).
     * {@code fresh} and {@code private} are not about the probe: they tell the service to skip its
     * cache and the chat front end where to answer.
     */
    public ProbeRequest toRequest(ProbeOptions options) {
        ProbeOptions o = has(Flag.AUTH) && !options.authProbe() ? options.withAuthProbe(true, null, false) : options;
        if (has(Flag.DEEP) && !o.deep()) {
            o = o.withDeep(true);
            if (o.deadline().compareTo(ProbeOptions.DEEP_DEADLINE) < 0) {
                o = o.withDeadline(ProbeOptions.DEEP_DEADLINE);
            }
        }
        return new ProbeRequest(host, port, protocol, transport, o);
    }
}
