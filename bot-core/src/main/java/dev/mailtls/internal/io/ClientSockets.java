package dev.mailtls.internal.io;

import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;

/**
 * Where every socket bot-core opens to a server comes from (a probe's connections, its further
 * connections, the MTA-STS fetch), so that each is set up the same way. An architecture test keeps
 * {@code new Socket()} out of everywhere else.
 */
public final class ClientSockets {
    private ClientSockets() {}

    /**
     * An unconnected socket with {@code TCP_NODELAY}. A probe is a chain of small writes, each
     * waiting for an answer; with Nagle's algorithm, a small write that follows another unanswered
     * one waits for the peer's delayed ACK (40 ms on Linux): the TLS Finished after the
     * ChangeCipherSpec, the command after the handshake. Every such wait would be in every probe's
     * timings and none of it is the server's.
     */
    public static Socket unconnected() {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
        } catch (SocketException e) {
            Watchdog.closeQuietly(s);
            throw new UncheckedIOException("cannot set TCP_NODELAY on a new socket", e);
        }
        return s;
    }
}
