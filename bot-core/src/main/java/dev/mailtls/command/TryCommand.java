package dev.mailtls.command;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A probe a hint suggests running next, as data: each front end shows it in its own form, so the
 * line can be run where it is read ({@code mailtls probe ...} in a terminal, a link on the web
 * page, a chat front end's own command).
 *
 * @param protocol null when the probe did not know it (the suggestion then leaves it to inference)
 * @param deep the suggestion comes from a deep probe and asks for one too, so it reproduces it
 */
public record TryCommand(
        String host,
        int port,
        Transport transport,
        @Nullable Protocol protocol,
        boolean deep) {

    /** A suggestion of a normal probe. */
    public TryCommand(String host, int port, Transport transport, @Nullable Protocol protocol) {
        this(host, port, transport, protocol, false);
    }

    public TryCommand {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a suggested host must be one word: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a suggested port must be 1-65535: " + port);
        }
    }

    /**
     * Where a suggestion is shown, and so how it is written. The CLI's and the web page's forms are
     * here; a chat front end defines its own (a slash command with the grammar's words, {@link
     * #slashCommand}, or its platform's options), so core names no platform.
     */
    @FunctionalInterface
    public interface Form {
        /** {@code mailtls probe mail.example.com 465 tls smtp}: the CLI's own subcommand. */
        Form CLI = t -> "mailtls probe " + t.words();

        /**
         * {@code /?host=mail.example.com&port=465&transport=tls&protocol=smtp}: the web form's own
         * link ({@code &deep=on} for a deep probe, the form's checkbox).
         */
        Form WEB = t -> "/?host=" + URLEncoder.encode(t.host(), StandardCharsets.UTF_8) + "&port=" + t.port()
                + "&transport=" + t.transport().id()
                + (t.protocol() == null ? "" : "&protocol=" + t.protocol().id())
                + (t.deep() ? "&deep=on" : "");

        /** The suggestion as this front end writes it. */
        String write(TryCommand command);

        /**
         * A slash command whose text is the grammar's words, e.g. {@code /mailtls mail.example.com
         * 465 tls smtp} for {@code slashCommand("/mailtls")}.
         */
        static Form slashCommand(String command) {
            return t -> command + " " + t.words();
        }
    }

    /** The probe in the shared grammar's words: {@code mail.example.com 465 tls smtp [deep]}. */
    public String words() {
        return host + " " + port + " " + transport.id() + (protocol == null ? "" : " " + protocol.id())
                + (deep ? " deep" : "");
    }

    /** The suggestion written for {@code form}. */
    public String in(Form form) {
        return form.write(this);
    }
}
