package dev.mailtls.frontend;

import dev.mailtls.summary.DestinationKind;
import dev.mailtls.summary.Notifier;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A chat platform as a plug-in: everything {@code serve} and {@code summary --post} need to know
 * about it. Implementations are stateless; the settings they read are a value of type {@code S}.
 * Adding a platform is a module implementing this plus one line in the app's list.
 *
 * @param <S> the platform's settings, an immutable value whose {@code toString()} shows no secret
 */
public interface FrontEndModule<S> {

    /** Lower case, e.g. {@code slack}: the key of its settings in the configuration's description. */
    String name();

    /**
     * Top-level keys of the YAML file the module reads through {@link SettingsSource#value}, so the
     * file accepts them. None by default: platform tokens are secrets, read from the environment.
     */
    default Set<String> fileKeys() {
        return Set.of();
    }

    /**
     * Reads and checks the settings; nothing set means the front end is off, not an error.
     *
     * @throws IllegalArgumentException one line naming the variable or key and what is wrong,
     *     never a secret's value
     */
    S settings(SettingsSource source);

    /** The destination kinds a group's {@code post_to} may name for this platform. */
    default List<DestinationKind> destinationKinds() {
        return List.of();
    }

    /**
     * What posting to one of its destination kinds needs and {@code settings} lack, e.g. {@code
     * needs SLACK_BOT_TOKEN (a bot invited to that channel)}; empty when it can post.
     */
    default Optional<String> postingNeeds(S settings, String kind) {
        return Optional.empty();
    }

    /** The notifiers by destination kind, for the kinds {@code settings} can post to. */
    default Map<String, Notifier> notifiers(S settings, Clock clock) {
        return Map.of();
    }

    /**
     * The front end {@code serve} runs, built for any settings (an unconfigured one only describes
     * itself as off). Building connects nothing; {@link FrontEnd#start} does.
     */
    FrontEnd create(S settings, FrontEndContext context);
}
