package dev.mailtls.chat;

import dev.mailtls.command.ProbeCommand;
import dev.mailtls.summary.GroupCommand;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** What a chat command asks for, known before any network: an answer at once, or work to run. */
public sealed interface ChatAsk {

    /** Which form of the grammar a usage error is about: each front end says how to try again. */
    enum Form {
        /** {@code <host> [port] [transport] [protocol] [flags]}. */
        PROBE,
        /** {@code provider <name>} or {@code scan <host>}. */
        GROUP,
        /** {@code domain <domain>}. */
        DOMAIN,
        /** The command a card's Re-run button carries (untrusted: it comes back from the platform). */
        RERUN
    }

    /** Empty text or {@code help}: the usage. */
    record Help() implements ChatAsk {}

    /**
     * The words do not parse: the grammar's message (it may quote the asker's words, so front ends
     * escape it) and the form it is about. Shown only to the person who asked; nothing is probed.
     */
    record Usage(String message, Form form) implements ChatAsk {
        public Usage {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(form, "form");
        }
    }

    /** One target to probe; its flags say fresh, auth and private. */
    record Probe(ProbeCommand command) implements ChatAsk {
        public Probe {
            Objects.requireNonNull(command, "command");
        }

        public boolean fresh() {
            return command.has(ProbeCommand.Flag.FRESH);
        }

        public boolean isPrivate() {
            return command.has(ProbeCommand.Flag.PRIVATE);
        }
    }

    /** A provider preset or a host scan, run as one group and answered with one matrix. */
    record Group(GroupCommand command) implements ChatAsk {
        public Group {
            Objects.requireNonNull(command, "command");
        }

        public boolean isPrivate() {
            return command.isPrivate();
        }
    }

    /**
     * {@code domain example.com}: a whole mail domain's check (MX, MTA-STS, TLS-RPT, DANE), answered
     * with one domain card.
     *
     * @param domain the domain, normalised (lower case, no trailing dot)
     * @param fresh probe the MX addresses again rather than use cached results
     * @param isPrivate the answer goes only to the person who asked
     */
    record Domain(String domain, boolean fresh, boolean isPrivate) implements ChatAsk {
        public Domain {
            Objects.requireNonNull(domain, "domain");
        }

        /**
         * The check in the grammar's words, always {@code fresh}: {@code domain example.com fresh
         * [private]}, what a domain card's Re-run button carries and {@link ChatCommands#rerun} reads
         * back.
         */
        public String rerunWords() {
            return ChatCommands.DOMAIN + " " + domain + " fresh" + (isPrivate ? " private" : "");
        }

        /**
         * The web page's domain form for this domain, {@code /?domain=example.com} (the domain
         * URL-encoded); like a probe's link, it never asks for {@code fresh}.
         */
        public String webLink() {
            return "/?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
        }
    }
}
