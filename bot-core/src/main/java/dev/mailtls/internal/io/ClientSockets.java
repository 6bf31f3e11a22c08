package dev.mailtls.internal.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import jdk.net.ExtendedSocketOptions;

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

    /**
     * Asks the kernel to acknowledge what arrives next at once (Linux {@code TCP_QUICKACK}; elsewhere
     * nothing), right before a read. A client that writes soon after it reads is put in the kernel's
     * interactive mode, where each ACK waits up to 40 ms for data to ride on; a server that answers
     * in two writes without {@code TCP_NODELAY} (OpenSSL's TLS 1.3 session tickets, then the greeting
     * or the EHLO reply) holds its second write until the first is acknowledged. The mode is not
     * sticky, so it is asked for before every read. Failing to set it costs only time.
     */
    public static void ackAtOnce(Socket s) {
        try {
            if (s.isConnected() && !s.isClosed() && s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
                s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Only a delayed ACK more: the read goes on.
        }
    }
}
