package dev.mailtls.internal.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A session over bytes in memory; optionally delivering them one byte per read (split reads). */
final class InMemory {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final Transcript transcript = new Transcript();
    final Session session;

    private InMemory(String serverSays, boolean trickle) {
        ByteArrayInputStream whole = new ByteArrayInputStream(serverSays.getBytes(StandardCharsets.UTF_8));
        InputStream in = whole;
        if (trickle) {
            in = new InputStream() {
                @Override
                public int read() {
                    return whole.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return len == 0 ? 0 : whole.read(b, off, 1);
                }
            };
        }
        session = new Session(in, sent, transcript);
    }

    static InMemory of(String serverSays) {
        return new InMemory(serverSays, false);
    }

    static InMemory trickling(String serverSays) {
        return new InMemory(serverSays, true);
    }

    String sent() {
        return sent.toString(StandardCharsets.UTF_8);
    }
}
