package dev.mailtls.summary;

import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.domain.DomainCheck;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of a target group: an endpoint in the shared grammar ({@code mx1.example.com 25
 * starttls}) or a whole mail domain ({@code domain:example.com}), checked like {@code mailtls domain}.
 */
public sealed interface GroupTarget {
    /** The prefix of a domain line. */
    String DOMAIN_PREFIX = "domain:";

    /** The line as configured: the key that links runs. */
    String text();

    /** An endpoint, probed as {@code mailtls probe} would. */
    record Endpoint(String text, ProbeCommand command) implements GroupTarget {
        public Endpoint {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * A mail domain: its MX hosts, MTA-STS, TLS-RPT, DANE and client services.
     *
     * @param domain normalised ({@link DomainCheck#normalise})
     */
    record Domain(String text, String domain) implements GroupTarget {
        public Domain {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(domain, "domain");
        }
    }

    /**
     * Parses one line of a group.
     *
     * @throws UsageException saying what is wrong with the line
     */
    static GroupTarget parse(String text) throws UsageException {
        String line = text.strip();
        if (line.regionMatches(true, 0, DOMAIN_PREFIX, 0, DOMAIN_PREFIX.length())) {
            String name = line.substring(DOMAIN_PREFIX.length()).strip();
            if (name.isEmpty() || name.split("\\s+").length > 1) {
                throw new UsageException("a domain line is 'domain:' and one mail domain, e.g. domain:example.com");
            }
            try {
                return new Domain(line, DomainCheck.normalise(name));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (line.toLowerCase(Locale.ROOT).startsWith("domain ")) {
            throw new UsageException("a domain in a group is written domain:"
                    + line.substring(7).strip() + " (no space after 'domain')");
        }
        return new Endpoint(line, CommandParser.parse(line));
    }
}
