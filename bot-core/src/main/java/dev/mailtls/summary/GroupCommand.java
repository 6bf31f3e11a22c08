package dev.mailtls.summary;

import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.endpoint.Protocol;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A chat command that runs a group instead of probing one target: {@code provider gmail} (a
 * {@link ProviderPresets preset}) or {@code scan mail.example.com} (a {@link HostScan}), either
 * optionally followed by {@code private}. Slack and Discord parse their command text with it.
 *
 * @param group the preset's or scan's group
 * @param checking what the acknowledgement says is being done, e.g. "Checking gmail's SMTP, IMAP
 *     and POP3 endpoints"
 * @param isPrivate the answer goes only to the person who asked
 */
public record GroupCommand(TargetGroup group, String checking, boolean isPrivate) {
    /** The first word of a preset command. */
    public static final String PROVIDER = "provider";
    /** The first word of a scan command. */
    public static final String SCAN = "scan";

    public GroupCommand {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(checking, "checking");
    }

    /**
     * The group command in {@code text}, or empty when {@code text} does not start with {@code
     * provider} or {@code scan} (then it is a probe command).
     *
     * @throws UsageException naming the providers for an unknown one, or the grammar's error for a
     *     bad host
     */
    public static Optional<GroupCommand> parse(String text) throws UsageException {
        List<String> words = Arrays.stream(text.strip().split("\\s+"))
                .filter(w -> !w.isEmpty())
                .toList();
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String verb = words.get(0).toLowerCase(Locale.ROOT);
        if (!verb.equals(PROVIDER) && !verb.equals(SCAN)) {
            return Optional.empty();
        }
        List<String> args = words.subList(1, words.size());
        boolean isPrivate = args.size() > 1 && args.getLast().equalsIgnoreCase("private");
        if (isPrivate) {
            args = args.subList(0, args.size() - 1);
        }
        if (verb.equals(SCAN)) {
            TargetGroup group = HostScan.of(String.join(" ", args));
            String host = group.commands().get(0).host();
            return Optional.of(new GroupCommand(group, "Scanning the mail ports of " + host, isPrivate));
        }
        if (args.size() != 1) {
            throw new UsageException("provider takes one name: " + providerUsage());
        }
        String asked = args.get(0);
        String name = ProviderPresets.canonicalName(asked)
                .orElseThrow(() -> new UsageException("unknown provider '" + asked + "': " + providerUsage()));
        TargetGroup group = ProviderPresets.preset(name).orElseThrow();
        return Optional.of(
                new GroupCommand(group, "Checking " + name + "'s " + protocols(group) + " endpoints", isPrivate));
    }

    /** "provider <name>, one of gmail, outlook, … (also office365 → outlook, …)". */
    public static String providerUsage() {
        return "provider <name>, one of " + providers();
    }

    /** "gmail, outlook, … (also hotmail → outlook, …)": the providers and their aliases. */
    public static String providers() {
        StringBuilder aliases = new StringBuilder();
        new TreeMap<>(ProviderPresets.aliases())
                .forEach((alias, name) -> aliases.append(aliases.isEmpty() ? "" : ", ")
                        .append(alias)
                        .append(" → ")
                        .append(name));
        return String.join(", ", ProviderPresets.names()) + " (also " + aliases + ")";
    }

    /** "SMTP, IMAP and POP3": the group's protocols in the order of its targets. */
    private static String protocols(TargetGroup group) throws UsageException {
        List<String> names = group.commands().stream()
                .map(ProbeCommand::protocol)
                .filter(Objects::nonNull)
                .distinct()
                .map(Protocol::displayName)
                .toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }
}
