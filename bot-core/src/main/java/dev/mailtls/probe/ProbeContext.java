package dev.mailtls.probe;

import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.io.Watchdog;
import dev.mailtls.internal.protocol.Transcript;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What every step of one probe may use and none of them changes: the request, the transport asked
 * for (null: "auto"), the connector, the TLS phase, the deadline with its ticker and watchdog, and
 * the transcript, the one live log every conversation writes to as it happens; and the further
 * connections made ready for the checks while the conversation goes on.
 */
record ProbeContext(
        ProbeRequest request,
        Instant startedAt,
        @Nullable Transport requested,
        Connector connector,
        TlsPhase tls,
        Deadline deadline,
        Watchdog watchdog,
        Transcript transcript,
        ReadyConnections ready) {

    /** A context whose further connections are all made when they are asked for. */
    ProbeContext(
            ProbeRequest request,
            Instant startedAt,
            @Nullable Transport requested,
            Connector connector,
            TlsPhase tls,
            Deadline deadline,
            Watchdog watchdog,
            Transcript transcript) {
        this(request, startedAt, requested, connector, tls, deadline, watchdog, transcript, new ReadyConnections());
    }

    ProbeOptions options() {
        return request.options();
    }

    /** Now on the probe's ticker, to time a phase with {@link #millisSince}. */
    long now() {
        return deadline.ticker().nanos();
    }

    /** Whole milliseconds on the ticker since {@code fromNanos}. */
    long millisSince(long fromNanos) {
        return (now() - fromNanos) / 1_000_000;
    }

    /**
     * Connects to the first of {@code addresses} that answers, under the probe's deadline and
     * watchdog, the conversation in the transcript.
     *
     * @param recordFailure true for the probe's own connection, whose failure is the probe's; false
     *     for a second look at the port (which transport it speaks), whose failure is not
     */
    Connector.Connection connect(List<InetAddress> addresses, boolean recordFailure) {
        return connector.connect(request, transcript, addresses, deadline, watchdog, recordFailure);
    }

    boolean deadlinePassed() {
        return watchdog.fired() || deadline.expired();
    }

    /** An I/O problem in a phase as a failure, the deadline first. */
    Failure ioFailure(Phase phase, IOException e) {
        return IoFailures.of(request, phase, e, deadlinePassed());
    }
}
