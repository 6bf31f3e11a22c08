package dev.mailtls.probe;

import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.tls.PreTlsBytes;
import dev.mailtls.net.Printable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The look for bytes a server sends between its STARTTLS go-ahead and its ServerHello: the pattern
 * of STARTTLS response injection (NO STARTTLS, 2021), not CVE-2011-0411 (see {@link
 * CommandInjectionPhase}). In TLS the client speaks first, so any byte the server sends before the
 * ServerHello is one too many. Nothing here waits: the bytes already here are taken right after the
 * go-ahead ({@link #buffered}), and those that come later, however late, are set aside by the
 * handshake itself ({@link PreTlsBytes}), so the ClientHello follows the go-ahead at once.
 */
final class StartTlsInjection {
    /** The most shown of the bytes, as printable text. */
    static final int SHOWN = 300;

    private StartTlsInjection() {}

    /**
     * The bytes that came with the go-ahead or since and are already here: what the line reader read
     * beyond the go-ahead, then what the socket has buffered. Never blocks; null when there are none.
     */
    static @Nullable String buffered(Session session) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] extra = session.drainBuffered();
        if (extra != null) {
            seen.writeBytes(extra);
        }
        try {
            InputStream in = session.socket().getInputStream();
            int ready = in.available();
            if (ready > 0) {
                // available() bytes are here already: this read returns them without waiting.
                byte[] more = new byte[Math.min(ready, 512)];
                int n = in.read(more);
                if (n > 0) {
                    seen.write(more, 0, n);
                }
            }
        } catch (IOException e) {
            // The connection broke; the handshake will say so.
        }
        return seen.size() == 0 ? null : Printable.ofBytes(seen.toByteArray(), SHOWN);
    }

    /** {@code earlier} (what {@link #buffered} found) followed by the bytes the handshake set aside. */
    static @Nullable String with(@Nullable String earlier, byte @Nullable [] setAside) {
        if (setAside == null) {
            return earlier;
        }
        String before = earlier == null ? "" : earlier;
        return before + Printable.ofBytes(setAside, Math.max(0, SHOWN - before.length()));
    }
}
