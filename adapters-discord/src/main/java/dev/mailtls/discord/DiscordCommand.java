package dev.mailtls.discord;

import dev.mailtls.command.TryCommand;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.jspecify.annotations.Nullable;

/**
 * The {@code /mailtls} slash command: typed options that map one to one onto the shared grammar's
 * words. Help is {@code /mailtls host:help}: Discord does not let a command have both subcommands
 * and options of its own, and a {@code probe} subcommand would make every use one word longer. For
 * the same reason presets, scans and domain checks are host values: {@code provider:gmail}, {@code
 * scan:<host>}, {@code domain:example.com}.
 */
public final class DiscordCommand {
    public static final String NAME = "mailtls";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String TRANSPORT = "transport";
    public static final String PROTOCOL = "protocol";
    public static final String FRESH = "fresh";
    public static final String PRIVATE = "private";
    public static final String AUTH = "auth";
    public static final String DEEP = "deep";

    /**
     * A suggested probe as this command's options, e.g. {@code /mailtls host:mail.example.com
     * port:465 transport:tls protocol:smtp}, so it runs as written.
     */
    public static final TryCommand.Form SUGGESTION_FORM = t -> "/" + NAME + " " + HOST + ":" + t.host() + " " + PORT
            + ":" + t.port() + " " + TRANSPORT + ":" + t.transport().id()
            + (t.protocol() == null ? "" : " " + PROTOCOL + ":" + t.protocol().id())
            + (t.deep() ? " " + DEEP + ":True" : "");

    /** The host value that shows the usage instead of probing. */
    public static final String HELP = "help";

    private DiscordCommand() {}

    /** The command as JDA registers it (global, or in one guild). */
    public static SlashCommandData definition() {
        return Commands.slash(NAME, "Check a mail server's TLS (SMTP, IMAP, POP3). host: help shows how.")
                .addOptions(
                        new OptionData(
                                        OptionType.STRING,
                                        HOST,
                                        "Mail server host or IP, e.g. smtp.gmail.com (or: help, provider:gmail, scan:HOST, domain:DOMAIN)",
                                        true)
                                .setMaxLength(260),
                        new OptionData(
                                        OptionType.INTEGER,
                                        PORT,
                                        "Port, 1-65535 (25, 465, 587, 143, 993, 110, 995 imply the rest)")
                                .setRequiredRange(1, 65535),
                        new OptionData(OptionType.STRING, TRANSPORT, "How the connection is secured")
                                .addChoice("tls (implicit TLS)", "tls")
                                .addChoice("starttls (upgrade after the greeting)", "starttls")
                                .addChoice("plain (never encrypted)", "plain")
                                .addChoice("auto (the port's usual, else detected)", "auto"),
                        new OptionData(
                                        OptionType.STRING,
                                        PROTOCOL,
                                        "Mail protocol (default: from the port or host name)")
                                .addChoice("smtp", "smtp")
                                .addChoice("imap", "imap")
                                .addChoice("pop3", "pop3"),
                        new OptionData(OptionType.BOOLEAN, FRESH, "Probe again even if a recent result is cached"),
                        new OptionData(OptionType.BOOLEAN, PRIVATE, "Show the answer only to you"),
                        new OptionData(
                                OptionType.BOOLEAN,
                                AUTH,
                                "Also try a login with deliberately invalid credentials (login policy)"),
                        new OptionData(
                                OptionType.BOOLEAN,
                                DEEP,
                                "Every TLS version and cipher suite the server accepts (many connections:"
                                        + " throttled harder)"));
    }

    /**
     * The options of one invocation, however they arrived (gateway event or HTTP payload).
     *
     * @param port null when not given
     */
    public record Options(
            String host,
            @Nullable Long port,
            @Nullable String transport,
            @Nullable String protocol,
            boolean fresh,
            boolean isPrivate,
            boolean auth,
            boolean deep) {

        /** Without {@code deep}. */
        public Options(
                String host,
                @Nullable Long port,
                @Nullable String transport,
                @Nullable String protocol,
                boolean fresh,
                boolean isPrivate,
                boolean auth) {
            this(host, port, transport, protocol, fresh, isPrivate, auth, false);
        }

        /** Without {@code auth}. */
        public Options(
                String host,
                @Nullable Long port,
                @Nullable String transport,
                @Nullable String protocol,
                boolean fresh,
                boolean isPrivate) {
            this(host, port, transport, protocol, fresh, isPrivate, false, false);
        }

        public boolean wantsHelp() {
            return host.strip().equalsIgnoreCase(HELP);
        }

        /**
         * The shared grammar's words: {@code <host> [port] [transport] [protocol] [fresh] [auth]
         * [private] [deep]}.
         */
        public List<String> words() {
            List<String> w = new ArrayList<>();
            w.add(host.strip());
            if (port != null) {
                w.add(Long.toString(port));
            }
            if (transport != null && !transport.isBlank()) {
                w.add(transport.strip());
            }
            if (protocol != null && !protocol.isBlank()) {
                w.add(protocol.strip());
            }
            if (fresh) {
                w.add("fresh");
            }
            if (auth) {
                w.add("auth");
            }
            if (isPrivate) {
                w.add("private");
            }
            if (deep) {
                w.add("deep");
            }
            return w;
        }
    }
}
