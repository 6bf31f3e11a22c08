package dev.mailtls.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.internal.io.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/**
 * Before a read that waits on the server, the session asks for its segments to be acknowledged at
 * once (TCP_QUICKACK), so a server that answers in two writes without TCP_NODELAY is not held by the
 * client's delayed ACK. A socket that records what is asked of it shows the order; no timing.
 */
class SessionAckTest {
    private final List<String> events = new ArrayList<>();

    /** A connected socket in memory: serves {@code text}, records options set and reads that fill. */
    private Socket socket(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        InputStream in = new InputStream() {
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                events.add("read");
                if (pos == bytes.length) {
                    return -1;
                }
                int n = Math.min(len, bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        return new Socket() {
            @Override
            public InputStream getInputStream() {
                return in;
            }

            @Override
            public OutputStream getOutputStream() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public boolean isConnected() {
                return true;
            }

            @Override
            public boolean isClosed() {
                return false;
            }

            @Override
            public void setSoTimeout(int timeout) {}

            @Override
            public Set<SocketOption<?>> supportedOptions() {
                return Set.of(ExtendedSocketOptions.TCP_QUICKACK);
            }

            @Override
            public <T> Socket setOption(SocketOption<T> name, T value) {
                events.add(name.name() + "=" + value);
                return this;
            }
        };
    }

    @Test
    void aReadThatWaitsOnTheServerAsksForAnImmediateAckFirst() throws IOException {
        Session session = new Session(
                socket("250-mail.test\r\n250 STARTTLS\r\n"),
                new Transcript(),
                Deadline.after(Duration.ofSeconds(5)),
                Duration.ofSeconds(5));

        assertThat(session.readLine()).isEqualTo("250-mail.test");
        assertThat(session.readLine()).isEqualTo("250 STARTTLS");

        // Once before the read that waited; the second line was already here.
        assertThat(events).containsExactly("TCP_QUICKACK=true", "read");
    }
}
