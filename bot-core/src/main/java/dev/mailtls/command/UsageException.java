package dev.mailtls.command;

/** Bad command input. The message is one line saying what is wrong; front ends add the usage. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String reason) {
        super(reason);
    }
}
