package dev.mailtls.probe;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The follow-up checks of one probe that run beside its conversation: each on a virtual thread of
 * its own, started as soon as the facts so far call for it (for the TLS 1.0/1.1 check and the
 * CVE-2011-0411 check, right after the main handshake), so that a healthy server's probe takes no
 * longer than its conversation. A check may ask for its connections to be made ready before that
 * ({@link FollowUp#connectionsToReady}, {@link ReadyConnections}): the TLS 1.0/1.1 check's is made
 * once the main connection has the greeting (STARTTLS) or the server's certificate (implicit TLS),
 * and says nothing decisive until the check starts. Their own connections and transcripts are their own; what they find
 * is joined, in the plan's order, when the result is built.
 */
final class EarlyChecks implements AutoCloseable {
    /** Past the deadline, a check's own budget and the watchdog have ended it; this is only a backstop. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    /** The longest wait for one line on a connection made ready (the check's own per-read bound). */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private final ProbeContext probe;

    private final Map<FollowUp, FutureTask<FollowUp.@Nullable Checked>> started = new HashMap<>();
    private final Set<FollowUp> readied = new HashSet<>();

    EarlyChecks(ProbeContext probe) {
        this.probe = probe;
    }

    /**
     * Starts each of {@code checks} that may start early, is not started yet and applies to {@code
     * soFar}; for one that does not apply yet, makes ready the connections it asks for now.
     */
    void startReady(List<FollowUp> checks, Facts soFar, List<InetAddress> addresses) {
        for (FollowUp check : checks) {
            if (!check.early() || started.containsKey(check)) {
                continue;
            }
            if (!readied.contains(check) && !check.appliesTo(probe, soFar)) {
                int count = check.connectionsToReady(probe, soFar);
                var protocol = soFar.protocol();
                if (count > 0 && protocol != null) {
                    readied.add(check);
                    probe.ready().open(probe, soFar, addresses, protocol, count, READ_TIMEOUT);
                }
            }
            if (check.appliesTo(probe, soFar)) {
                FutureTask<FollowUp.@Nullable Checked> task =
                        new FutureTask<>(() -> check.check(probe, soFar, addresses));
                started.put(check, task);
                dev.mailtls.internal.io.IoThreads.start("mailtls-" + check.name(), task);
            }
        }
    }

    boolean started(FollowUp check) {
        return started.containsKey(check);
    }

    /**
     * The conversation is over: the connections made ready for checks that did not start (the main
     * handshake failed, or showed an old version) are closed as they are, before any other check.
     */
    void conversationOver() {
        if (readied.stream().noneMatch(started::containsKey)) {
            probe.ready().close();
        }
    }

    /**
     * What {@code check} found, waiting for it within the probe's deadline; null when it found
     * nothing, or does not hold for the {@code finished} facts (the conversation failed after it
     * started: the check then counts as not run, as when it ran after the conversation).
     */
    FollowUp.@Nullable Checked join(FollowUp check, Facts finished) {
        FutureTask<FollowUp.@Nullable Checked> task = started.get(check);
        if (task == null) {
            return null;
        }
        if (!check.appliesTo(probe, finished)) {
            task.cancel(true);
            return null;
        }
        try {
            return task.get(probe.deadline().remaining().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (TimeoutException e) {
            task.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return null;
        }
    }

    /**
     * Closes the connections made ready and not taken, and ends checks not joined (a probe ended by
     * a bug): their sockets close with the watchdog's.
     */
    @Override
    public void close() {
        probe.ready().close();
        started.values().forEach(t -> t.cancel(true));
    }
}
