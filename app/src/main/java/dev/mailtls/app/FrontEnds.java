package dev.mailtls.app;

import dev.mailtls.discord.DiscordModule;
import dev.mailtls.frontend.ConfiguredFrontEnd;
import dev.mailtls.frontend.FrontEndModule;
import dev.mailtls.frontend.SettingsSource;
import dev.mailtls.slack.SlackModule;
import dev.mailtls.summary.Destination;
import dev.mailtls.summary.DestinationKind;
import dev.mailtls.summary.ScheduledGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chat front ends {@code serve} runs, in the order the start log names them. Adding a platform
 * is a module implementing {@link FrontEndModule} plus one line here.
 */
final class FrontEnds {
    static final List<FrontEndModule<?>> ALL = List.of(new SlackModule(), new DiscordModule());

    private FrontEnds() {}

    /**
     * Each module with the settings it reads and checks itself.
     *
     * @throws ConfigException with the module's message
     */
    static List<ConfiguredFrontEnd<?>> read(List<FrontEndModule<?>> modules, SettingsSource source)
            throws ConfigException {
        List<ConfiguredFrontEnd<?>> out = new ArrayList<>();
        for (FrontEndModule<?> m : modules) {
            try {
                out.add(ConfiguredFrontEnd.read(m, source));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(MailtlsCli.oneLine(e.getMessage()));
            }
        }
        return List.copyOf(out);
    }

    /** The destination kinds of every front end, in the list's order. */
    static List<DestinationKind> destinationKinds(List<ConfiguredFrontEnd<?>> frontEnds) {
        return frontEnds.stream()
                .flatMap(f -> f.module().destinationKinds().stream())
                .toList();
    }

    /**
     * For {@code serve} and {@code summary --post}: each group's destination has what its front end
     * needs to post (a token).
     *
     * @throws ConfigException naming the file, the group, the destination and what it needs
     */
    static void checkPosting(List<ConfiguredFrontEnd<?>> frontEnds, GroupsConfig groups, Path file)
            throws ConfigException {
        for (ScheduledGroup group : groups.groups()) {
            for (Destination d : group.postTo()) {
                for (ConfiguredFrontEnd<?> f : frontEnds) {
                    boolean owns = f.module().destinationKinds().stream()
                            .anyMatch(k -> k.name().equals(d.kind()));
                    Optional<String> needs = owns ? f.postingNeeds(d.kind()) : Optional.empty();
                    if (needs.isPresent()) {
                        throw new ConfigException(
                                file + ", groups." + group.name() + ".post_to: " + d + " " + needs.get());
                    }
                }
            }
        }
    }

    /** Each module with the settings it reads from nothing: every front end off. */
    static List<ConfiguredFrontEnd<?>> off(List<FrontEndModule<?>> modules) {
        return modules.stream()
                .<ConfiguredFrontEnd<?>>map(m -> ConfiguredFrontEnd.read(m, SettingsSource.empty()))
                .toList();
    }
}
