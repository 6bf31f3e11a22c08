package dev.mailtls.probe;

import dev.mailtls.auth.Credentials;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Deliberately invalid credentials for the auth probe: a reserved domain and a random password. */
final class InvalidCredentials {
    private static final SecureRandom RANDOM = new SecureRandom();

    private InvalidCredentials() {}

    static Credentials create() {
        byte[] pw = new byte[12];
        RANDOM.nextBytes(pw);
        return new Credentials("mailtls-probe@example.invalid", HexFormat.of().formatHex(pw));
    }
}
