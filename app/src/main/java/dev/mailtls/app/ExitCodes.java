package dev.mailtls.app;

/** The CLI's exit codes: a contract with scripts. */
public final class ExitCodes {
    /** The probe found nothing to worry about. */
    public static final int OK = 0;
    /** The probe worked but found warnings. */
    public static final int WARNING = 1;
    /** The probe failed or found errors. */
    public static final int FAILURE = 2;
    /** Bad usage (sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /** Something the command needs is unavailable, e.g. the listen address is taken (EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /**
     * Try again later, or another way (sysexits EX_TEMPFAIL): {@code summary} finds the embedded
     * history held by a running {@code mailtls serve}.
     */
    public static final int TEMPORARY_FAILURE = 75;
    /** A bug in mailtls (sysexits EX_SOFTWARE). */
    public static final int INTERNAL = 70;

    private ExitCodes() {}
}
