package dev.mailtls.frontend;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where a {@link FrontEndModule} reads its settings: the environment and the optional YAML file. */
public interface SettingsSource {

    /** The process environment, for settings read from it alone (platform secrets). */
    Map<String, String> environment();

    /**
     * One value by the rule of every {@code serve} setting: the variable when it is set and not
     * blank, else the file's top-level key (which the module lists in {@link
     * FrontEndModule#fileKeys()}), else empty.
     *
     * @throws IllegalArgumentException when the file's key holds a list or a structure
     */
    Optional<Setting> value(String variable, String fileKey);

    /**
     * A value as given, and where, for messages: {@code TEAMS_APP_ID}, or {@code /etc/mailtls.yaml
     * line 4, teams_app_id}.
     */
    record Setting(String where, String text) {
        public Setting {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(text, "text");
        }
    }

    /** No variable and no file: each module's settings are off. */
    static SettingsSource empty() {
        return new SettingsSource() {
            @Override
            public Map<String, String> environment() {
                return Map.of();
            }

            @Override
            public Optional<Setting> value(String variable, String fileKey) {
                return Optional.empty();
            }
        };
    }
}
