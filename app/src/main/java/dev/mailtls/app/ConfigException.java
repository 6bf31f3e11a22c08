package dev.mailtls.app;

/**
 * A bad configuration value: the message is one line naming the variable or the file and line, and
 * the bad value (never a token). The server does not start; the exit code is 64.
 */
final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message, null, false, false);
    }
}
