package dev.mailtls.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import javax.net.ssl.SSLContext;

/**
 * A loopback server that misbehaves in one chosen way, for tests of how a probe copes with
 * silent, slow, hostile or refusing peers. Each static factory starts a server on 127.0.0.1 and a
 * free port; every connection is closed after {@link #CONNECTION_LIFETIME} at the latest, and all
 * of them on {@link #close()}.
 */
public final class FaultServer implements AutoCloseable {

    /** No connection outlives this, so a client without timeouts cannot hang a test forever. */
    public static final Duration CONNECTION_LIFETIME = Duration.ofSeconds(60);

    /** The size of {@link #hugeLine()}: far beyond any sane reply line. */
    public static final int ONE_MIB = 1 << 20;

    private final LoopbackAcceptor acceptor;

    private FaultServer(String name, LoopbackAcceptor.Handler behaviour) {
        this.acceptor = new LoopbackAcceptor("fault-" + name, CONNECTION_LIFETIME, behaviour);
    }

    /** Accepts and never sends a byte; reads and discards whatever the client sends. */
    public static FaultServer silent() {
        return new FaultServer("silent", socket -> drain(socket.getInputStream()));
    }

    /**
     * Sends {@code line} followed by CRLF, over and over, one byte every {@code perByte}: a greeting
     * that keeps arriving but never completes in time.
     */
    public static FaultServer tarpit(String line, Duration perByte) {
        Objects.requireNonNull(line, "line");
        requirePositive(perByte, "perByte");
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        return new FaultServer("tarpit", socket -> {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; ; i = (i + 1) % bytes.length) {
                out.write(bytes[i]);
                out.flush();
                Thread.sleep(perByte);
            }
        });
    }

    /** Sends {@code bytes} random bytes (the same ones every time), then stays open. */
    public static FaultServer garbage(int bytes) {
        requirePositive(bytes, "bytes");
        byte[] noise = new byte[bytes];
        new SplittableRandom(bytes).nextBytes(noise);
        return new FaultServer("garbage", socket -> {
            socket.getOutputStream().write(noise);
            socket.getOutputStream().flush();
            drain(socket.getInputStream());
        });
    }

    /** {@link #hugeLine(int)} of {@link #ONE_MIB}. */
    public static FaultServer hugeLine() {
        return hugeLine(ONE_MIB);
    }

    /**
     * Sends one line of {@code bytes} bytes that never ends: "220 " then letters, no CRLF, then
     * stays open. It looks like the start of an SMTP greeting, so only a bounded line reader stops
     * it.
     */
    public static FaultServer hugeLine(int bytes) {
        requirePositive(bytes, "bytes");
        byte[] line = new byte[bytes];
        Arrays.fill(line, (byte) 'A');
        byte[] prefix = "220 ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, line, 0, Math.min(prefix.length, bytes));
        return new FaultServer("huge-line", socket -> {
            socket.getOutputStream().write(line);
            socket.getOutputStream().flush();
            drain(socket.getInputStream());
        });
    }

    /** Accepts and closes at once, before sending anything. */
    public static FaultServer closeImmediately() {
        return new FaultServer("close-immediately", socket -> {});
    }

    /** Sends one greeting line such as {@code 421 4.7.0 Too busy}, then closes. */
    public static FaultServer refusing(String greetingLine) {
        Objects.requireNonNull(greetingLine, "greetingLine");
        return new FaultServer("refusing", socket -> {
            new LineChannel(socket).writeLines(List.of(greetingLine));
            socket.shutdownOutput();
        });
    }

    /**
     * Speaks TLS from the first byte (465, 993, 995 style), then sends {@code greeting} and answers
     * QUIT (or IMAP LOGOUT) until the client leaves.
     */
    public static FaultServer implicitTls(SSLContext context, String greeting) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(greeting, "greeting");
        return new FaultServer(
                "implicit-tls",
                socket -> GreetingResponder.serve(new LineChannel(LineChannel.wrap(context, socket)), greeting));
    }

    /** Waits {@code delay}, then sends {@code greeting} and answers QUIT (or IMAP LOGOUT). */
    public static FaultServer slowGreeting(Duration delay, String greeting) {
        requirePositive(delay, "delay");
        Objects.requireNonNull(greeting, "greeting");
        return new FaultServer("slow-greeting", socket -> {
            Thread.sleep(delay);
            GreetingResponder.serve(new LineChannel(socket), greeting);
        });
    }

    /**
     * Sends {@code line} and CRLF over and over, one line every {@code perLine} (zero: as fast as the
     * client reads): for {@code 220-...}, an SMTP greeting that never reaches its last line.
     */
    public static FaultServer endlessGreeting(String line, Duration perLine) {
        Objects.requireNonNull(line, "line");
        if (perLine.isNegative()) {
            throw new IllegalArgumentException("perLine must not be negative, was " + perLine);
        }
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        return new FaultServer("endless-greeting", socket -> {
            OutputStream out = socket.getOutputStream();
            while (true) {
                out.write(bytes);
                out.flush();
                if (!perLine.isZero()) {
                    Thread.sleep(perLine);
                }
            }
        });
    }

    /** Sends {@code bytes} as they are (binary, another service's banner), then stays open. */
    public static FaultServer sends(String name, byte[] bytes) {
        Objects.requireNonNull(name, "name");
        byte[] copy = bytes.clone();
        return new FaultServer(name, socket -> {
            socket.getOutputStream().write(copy);
            socket.getOutputStream().flush();
            drain(socket.getInputStream());
        });
    }

    /** Reads the first bytes the client sends (a TLS ClientHello), then closes without a word. */
    public static FaultServer closeAfterFirstBytes() {
        return new FaultServer("close-mid-handshake", socket -> {
            // Whatever arrives (or an end of stream), the answer is the same: the acceptor closes.
            int ignored = socket.getInputStream().read(new byte[4096]);
        });
    }

    /**
     * An SMTP server with the CVE-2011-0411 flaw: it reads commands through a buffer and, after
     * STARTTLS, goes on with what is left in that buffer, now answering over TLS. A command pipelined
     * in plaintext after STARTTLS is thus executed as if it had come over TLS.
     */
    public static FaultServer executesPipelinedAfterStartTls(SSLContext context) {
        Objects.requireNonNull(context, "context");
        return new FaultServer("pipelined-starttls", socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write("220 mx.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Reads a chunk at a time into a buffer and takes lines from it, like a buffered server.
            StringBuilder buffer = new StringBuilder();
            byte[] chunk = new byte[4096];
            while (true) {
                int nl = buffer.indexOf("\n");
                if (nl < 0) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return;
                    }
                    buffer.append(new String(chunk, 0, n, StandardCharsets.US_ASCII));
                    continue;
                }
                String line = buffer.substring(0, nl).trim();
                buffer.delete(0, nl + 1);
                if (!line.equalsIgnoreCase("STARTTLS")) {
                    answer(line, out, false);
                    continue;
                }
                out.write("220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                javax.net.ssl.SSLSocket tls = LineChannel.wrap(context, socket);
                OutputStream secure = tls.getOutputStream();
                // The flaw: what is left of the plaintext buffer is executed, and answered over TLS.
                for (String left : buffer.toString().split("\r?\n")) {
                    if (!left.isBlank()) {
                        answer(left, secure, true);
                    }
                }
                java.io.BufferedReader inside = new java.io.BufferedReader(
                        new java.io.InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
                for (String next; (next = inside.readLine()) != null; ) {
                    if (!answer(next, secure, true)) {
                        return;
                    }
                }
                return;
            }
        });
    }

    /** Answers NOOP, EHLO and QUIT over {@code out}; false after QUIT. */
    private static boolean answer(String line, OutputStream out, boolean overTls) throws IOException {
        String verb = line.trim().toUpperCase(java.util.Locale.ROOT);
        String reply = verb.equals("QUIT")
                ? "221 2.0.0 Bye"
                : verb.equals("NOOP")
                        ? "250 2.0.0 Ok"
                        : verb.startsWith("EHLO")
                                ? (overTls ? "250 mx.test" : "250-mx.test\r\n250 STARTTLS")
                                : "502 5.5.2 not here";
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return !verb.equals("QUIT");
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return acceptor.port();
    }

    /** Connections accepted so far. */
    public int connections() {
        return acceptor.connections();
    }

    @Override
    public void close() {
        acceptor.close();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[4096];
        while (in.read(sink) >= 0) {
            // discard: this server only pretends to listen
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
