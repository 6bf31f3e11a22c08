package dev.mailtls.command;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A probe a hint suggests running next, as data: each front end shows it in its own form, so the
 * line can be run where it is read ({@code mailtls probe ...} in a terminal, {@code /mailtls ...}
 * in Slack, the Discord command's options, a link on the web page).
 *
 * @param protocol null when the probe did not know it (the suggestion then leaves it to inference)
 */
public record TryCommand(
        String host,
        int port,
        Transport transport,
        @Nullable Protocol protocol) {

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

    /** Where a suggestion is shown, and so how it is written. */
    public enum Form {
        /** {@code mailtls probe mail.example.com 465 tls smtp}: the CLI's own subcommand. */
        CLI,
        /** {@code /mailtls mail.example.com 465 tls smtp}: Slack's slash command and its text. */
        SLACK,
        /** {@code /mailtls host:mail.example.com port:465 transport:tls protocol:smtp}: Discord's options. */
        DISCORD,
        /** {@code /?host=mail.example.com&port=465&transport=tls&protocol=smtp}: the web form's own link. */
        WEB
    }

    /** The suggestion written for {@code form}. */
    public String in(Form form) {
        String words = host + " " + port + " " + transport.id() + (protocol == null ? "" : " " + protocol.id());
        return switch (form) {
            case CLI -> "mailtls probe " + words;
            case SLACK -> "/mailtls " + words;
            case DISCORD ->
                "/mailtls host:" + host + " port:" + port + " transport:" + transport.id()
                        + (protocol == null ? "" : " protocol:" + protocol.id());
            case WEB ->
                "/?host=" + URLEncoder.encode(host, StandardCharsets.UTF_8) + "&port=" + port + "&transport="
                        + transport.id() + (protocol == null ? "" : "&protocol=" + protocol.id());
        };
    }
}
