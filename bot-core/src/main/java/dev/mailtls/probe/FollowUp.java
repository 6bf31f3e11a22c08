package dev.mailtls.probe;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A check on its own connections (the TLS 1.0/1.1 offer, the CVE-2011-0411 check, the deep
 * enumeration). It reads only facts and returns what it found, with its one transcript line, for
 * the driver to merge; it writes into nothing shared, so checks run side by side and beside the
 * conversation.
 */
interface FollowUp {
    String name();

    /**
     * What the check found, or null when it does not apply to these facts (or too little time is
     * left).
     */
    @Nullable
    Checked check(ProbeContext probe, Facts facts, List<InetAddress> addresses);

    /**
     * Whether the facts call for this check: the facts so far, to start it early, and the finished
     * ones, to keep what it found. {@link #check} returns null when this is false.
     */
    default boolean appliesTo(ProbeContext probe, Facts facts) {
        return true;
    }

    /**
     * True when the check needs nothing the conversation finds after the facts it applies to, so it
     * may start beside the conversation as soon as {@link #appliesTo} holds ({@link EarlyChecks}).
     */
    default boolean early() {
        return false;
    }

    /**
     * How many of the check's connections to make ready now ({@link ReadyConnections}), for facts
     * that do not call for the check yet but make it likely: 0 for none. Asked after each step
     * until it answers more than 0 or the check starts.
     */
    default int connectionsToReady(ProbeContext probe, Facts soFar) {
        return 0;
    }

    /** A follow-up's findings and its summary line for the transcript. */
    record Checked(Facts found, String note) {}
}
