package dev.mailtls.probe;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.io.IoThreads;
import dev.mailtls.internal.protocol.Dialect;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.protocol.Transcript;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Further connections of one probe made while its conversation is still going, so that the TLS
 * 1.0/1.1 check does not pay for connecting (and a server such as Dovecot for starting a login
 * process) only after the main handshake. Each is brought up to, and not past, the point where the
 * check would decide anything: for STARTTLS, once the main connection has the server's greeting,
 * greeted and its capabilities asked, STARTTLS not yet sent; for implicit TLS, once the main
 * handshake has the server's certificate, connected without a byte sent. Nothing more is said on
 * one until a further TLS offer {@link #take takes} it, and those come only after the main
 * handshake. The connections not taken are closed as they are: a server that failed the main
 * handshake or turned out not to speak TLS 1.2 or 1.3 gets no byte on them.
 *
 * <p>They are made through {@link TlsRedial#connect}, so the connector's address policy and gate
 * judge each one, as for a connection made later.
 */
final class ReadyConnections implements AutoCloseable {

    /** A connection made ready, with its STARTTLS session when the transport is STARTTLS. */
    record Ready(
            Socket socket,
            @Nullable Session session,
            @Nullable Dialect dialect) {
        Ready {
            Objects.requireNonNull(socket, "socket");
        }
    }

    private final Deque<FutureTask<Ready>> waiting = new ArrayDeque<>();
    private final List<Socket> made = new ArrayList<>();
    private @Nullable String address;
    private @Nullable Transport transport;
    private boolean closed;
    /** Connections asked for on implicit TLS, made when the main handshake shows the certificate. */
    private @Nullable Runnable pending;

    /**
     * Makes {@code count} connections to the address {@code found} used, each on a thread of its own:
     * for STARTTLS at once, each reading the greeting and asking the capabilities in {@code
     * protocol}'s words, reads bounded by {@code readTimeout}; for implicit TLS only once the main
     * handshake has the server's certificate in TLS 1.2 or 1.3 ({@link #certificateArrived}), so a
     * port that does not speak TLS, or not those versions, gets no further connection.
     */
    synchronized void open(
            ProbeContext probe,
            Facts found,
            List<InetAddress> resolved,
            Protocol protocol,
            int count,
            Duration readTimeout) {
        if (closed || found.address() == null || found.transport() == null) {
            return;
        }
        Runnable start = () -> start(probe, found, resolved, protocol, count, readTimeout);
        if (found.transport() == Transport.TLS) {
            this.pending = start;
        } else {
            start.run();
        }
    }

    /**
     * The main handshake has the server's certificate, in {@code version}: the connections asked for
     * on implicit TLS are made now when that is TLS 1.2 or 1.3, and never otherwise.
     */
    void certificateArrived(String version) {
        Runnable start;
        synchronized (this) {
            start = pending;
            pending = null;
            if (start == null || closed || !(version.equals("TLSv1.2") || version.equals("TLSv1.3"))) {
                return;
            }
        }
        start.run();
    }

    private synchronized void start(
            ProbeContext probe,
            Facts found,
            List<InetAddress> resolved,
            Protocol protocol,
            int count,
            Duration readTimeout) {
        if (closed) {
            return;
        }
        this.address = found.address();
        this.transport = found.transport();
        for (int i = 0; i < count; i++) {
            FutureTask<Ready> task = new FutureTask<>(() -> keep(make(probe, found, resolved, protocol, readTimeout)));
            waiting.add(task);
            IoThreads.start("mailtls-ready-connection", task);
        }
    }

    /**
     * A connection made ready for {@code found}'s address and transport, waiting for one still being
     * made up to {@code wait}; null when none was made ready for them.
     *
     * @throws IOException when the one taken could not be made
     */
    @Nullable
    Ready take(Facts found, Duration wait) throws IOException {
        FutureTask<Ready> task;
        synchronized (this) {
            if (closed
                    || !Objects.equals(found.address(), address)
                    || found.transport() != transport
                    || waiting.isEmpty()) {
                return null;
            }
            task = waiting.poll();
        }
        Ready ready;
        try {
            ready = task.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io
                    ? io
                    : new IOException(String.valueOf(cause == null ? e : cause.getMessage()), cause);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new IOException("the connection made ready was not ready in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            throw new IOException("interrupted");
        }
        synchronized (this) {
            // From here the taker closes it; when this was closed meanwhile, so was the socket.
            if (!made.remove(ready.socket())) {
                throw new IOException("closed before it was taken");
            }
        }
        return ready;
    }

    /** Closes every connection not taken, as it is, and any still being made as soon as it is. */
    @Override
    public void close() {
        List<Socket> open;
        synchronized (this) {
            closed = true;
            pending = null;
            waiting.forEach(t -> t.cancel(true));
            waiting.clear();
            open = List.copyOf(made);
            made.clear();
        }
        open.forEach(Connector::closeQuietly);
    }

    /** Notes a connection made; closes it at once when this was closed meanwhile. */
    private Ready keep(Ready ready) throws IOException {
        synchronized (this) {
            if (!closed) {
                made.add(ready.socket());
                return ready;
            }
        }
        Connector.closeQuietly(ready.socket());
        throw new IOException("closed before it was taken");
    }

    private static Ready make(
            ProbeContext probe, Facts found, List<InetAddress> resolved, Protocol protocol, Duration readTimeout)
            throws IOException {
        Socket s = TlsRedial.connect(probe, found, resolved, probe.deadline());
        if (found.transport() != Transport.STARTTLS) {
            return new Ready(s, null, null);
        }
        try {
            Session quiet = new Session(s, new Transcript(), probe.deadline(), readTimeout);
            Dialect d = Dialect.of(protocol, probe.options().ehloName());
            d.readGreeting(quiet, quiet.readLine());
            d.capabilities(quiet);
            return new Ready(s, quiet, d);
        } catch (IOException | RuntimeException e) {
            Connector.closeQuietly(s);
            throw e;
        }
    }
}
