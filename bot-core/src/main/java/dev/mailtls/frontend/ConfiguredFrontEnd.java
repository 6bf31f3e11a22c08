package dev.mailtls.frontend;

import dev.mailtls.summary.Notifier;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A module with the settings it read: what the server configuration holds per front end.
 * Its {@link #toString()} is the settings', which show no secret.
 */
public record ConfiguredFrontEnd<S>(FrontEndModule<S> module, S settings) {

    public ConfiguredFrontEnd {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * Reads the module's settings from {@code source}.
     *
     * @throws IllegalArgumentException as {@link FrontEndModule#settings} does
     */
    public static <S> ConfiguredFrontEnd<S> read(FrontEndModule<S> module, SettingsSource source) {
        return new ConfiguredFrontEnd<>(module, module.settings(source));
    }

    public String name() {
        return module.name();
    }

    /** See {@link FrontEndModule#postingNeeds}. */
    public Optional<String> postingNeeds(String kind) {
        return module.postingNeeds(settings, kind);
    }

    /** See {@link FrontEndModule#notifiers}. */
    public Map<String, Notifier> notifiers(Clock clock) {
        return module.notifiers(settings, clock);
    }

    /** See {@link FrontEndModule#create}. */
    public FrontEnd create(FrontEndContext context) {
        return module.create(settings, context);
    }

    @Override
    public String toString() {
        return module.name() + "=" + settings;
    }
}
