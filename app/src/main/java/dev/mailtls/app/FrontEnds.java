package dev.mailtls.app;

import dev.mailtls.discord.DiscordModule;
import dev.mailtls.frontend.ConfiguredFrontEnd;
import dev.mailtls.frontend.FrontEndModule;
import dev.mailtls.frontend.SettingsSource;
import dev.mailtls.slack.SlackModule;
import java.util.List;

/**
 * The chat front ends {@code serve} runs, in the order the start log names them. Adding a platform
 * is a module implementing {@link FrontEndModule} plus one line here.
 */
final class FrontEnds {
    static final List<FrontEndModule<?>> ALL = List.of(new SlackModule(), new DiscordModule());

    private FrontEnds() {}

    /** Each module with the settings it reads from nothing: every front end off. */
    static List<ConfiguredFrontEnd<?>> off(List<FrontEndModule<?>> modules) {
        return modules.stream()
                .<ConfiguredFrontEnd<?>>map(m -> ConfiguredFrontEnd.read(m, SettingsSource.empty()))
                .toList();
    }
}
