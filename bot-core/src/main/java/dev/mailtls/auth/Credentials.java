package dev.mailtls.auth;

import java.util.Objects;

/**
 * Real credentials a CLI user supplied for the auth probe. Never logged, never shown: {@link
 * #toString()} redacts both parts.
 */
public record Credentials(String username, String password) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[<redacted>]";
    }
}
