package dev.mailtls.probe;

import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.net.Printable;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The look for bytes a server sends between its STARTTLS go-ahead and the handshake. */
final class StartTlsInjection {
    /** How long to watch for late bytes after the go-ahead. */
    private static final Duration WAIT = Duration.ofMillis(150);

    private StartTlsInjection() {}

    /**
     * Bytes after the go-ahead and before the handshake, as printable text: the pattern of STARTTLS
     * response injection (NO STARTTLS, 2021), not CVE-2011-0411 (see {@link CommandInjectionPhase}).
     * In TLS the client speaks first, so any byte the server sends before our ClientHello is one too
     * many: look at what is buffered, then wait {@link #WAIT} for late ones.
     */
    static @Nullable String look(Session session, Deadline deadline) {
        byte[] extra = session.drainBuffered();
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        if (extra != null) {
            seen.writeBytes(extra);
        }
        Socket s = session.socket();
        try {
            s.setSoTimeout(deadline.timeoutMillis(WAIT));
            byte[] late = new byte[512];
            int n = s.getInputStream().read(late);
            if (n > 0) {
                seen.write(late, 0, n);
            }
        } catch (SocketTimeoutException expected) {
            // Nothing more came: the usual, healthy case.
        } catch (IOException e) {
            // The connection broke; the handshake will say so.
        }
        return seen.size() == 0 ? null : Printable.ofBytes(seen.toByteArray(), 300);
    }
}
