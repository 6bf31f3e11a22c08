package dev.mailtls.probe;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A check on its own connection after the conversation (the TLS 1.0/1.1 offer, the CVE-2011-0411
 * check). It reads only the finished facts and returns what it found, with its one transcript
 * line, for the driver to merge; it writes into nothing shared, so follow-ups could run side by side.
 */
interface FollowUp {
    String name();

    /** What the check found, or null when it does not apply to these facts. */
    @Nullable
    Checked check(ProbeContext probe, Facts finished, List<InetAddress> addresses);

    /** A follow-up's findings and its summary line for the transcript. */
    record Checked(Facts found, String note) {}
}
