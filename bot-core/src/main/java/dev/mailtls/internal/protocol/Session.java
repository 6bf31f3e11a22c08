package dev.mailtls.internal.protocol;

import dev.mailtls.internal.io.BoundedLineReader;
import dev.mailtls.internal.io.ClientSockets;
import dev.mailtls.internal.io.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A line-oriented conversation with a server over a socket that may be upgraded to TLS. Every read
 * has a timeout bounded by the probe's deadline, and everything said is written to the transcript.
 */
public final class Session {
    /** RFC 5321 §4.5.3.1.5 allows 512 octets; IMAP capability lines run longer. 8 KiB covers both. */
    public static final int MAX_LINE_BYTES = 8192;
    /** Bound on the lines of one reply (a multi-line greeting, EHLO, CAPA). */
    public static final int MAX_REPLY_LINES = 200;

    private final Transcript transcript;
    private final Deadline deadline;
    private Duration readTimeout;
    private Socket socket;
    private BoundedLineReader reader;
    private OutputStream out;

    public Session(Socket socket, Transcript transcript, Deadline deadline, Duration readTimeout) throws IOException {
        this.transcript = transcript;
        this.deadline = deadline;
        this.readTimeout = readTimeout;
        attach(socket);
    }

    /** In-memory session for parser tests: reads from {@code in}, writes to {@code out}. */
    Session(InputStream in, OutputStream out, Transcript transcript) {
        this.transcript = transcript;
        this.deadline = Deadline.after(Duration.ofMinutes(1));
        this.readTimeout = Duration.ofMinutes(1);
        this.socket = new Socket();
        this.reader = new BoundedLineReader(in, MAX_LINE_BYTES);
        this.out = out;
    }

    /** Continues the session over the given socket (after a STARTTLS handshake). */
    public void attach(Socket s) throws IOException {
        this.socket = s;
        this.reader = new BoundedLineReader(s.getInputStream(), MAX_LINE_BYTES);
        this.out = s.getOutputStream();
    }

    /**
     * Continues the session over streams of a TLS layer of its own on {@code s} (Bouncy Castle's
     * client for an old version); reads still time out by {@code s}'s timeout, which the layer reads through.
     */
    public void attach(Socket s, InputStream in, OutputStream out) {
        this.socket = s;
        this.reader = new BoundedLineReader(in, MAX_LINE_BYTES);
        this.out = out;
    }

    /** Changes how long each read may wait from now on (still never past the deadline). */
    public void readTimeout(Duration timeout) {
        this.readTimeout = timeout;
    }

    public Socket socket() {
        return socket;
    }

    public boolean encrypted() {
        return socket instanceof SSLSocket;
    }

    public Transcript transcript() {
        return transcript;
    }

    /** Reads one line, waiting at most the read timeout (and never past the deadline). */
    public String readLine() throws IOException {
        return readLine(readTimeout);
    }

    /** Reads one line, waiting at most {@code timeout} (and never past the deadline). */
    public String readLine(Duration timeout) throws IOException {
        if (socket.isConnected()) {
            socket.setSoTimeout(deadline.timeoutMillis(timeout));
            if (reader.buffered() == 0) {
                // A read that waits on the server: its segments are acknowledged at once.
                ClientSockets.ackAtOnce(socket);
            }
        }
        String line = reader.readLine();
        transcript.server(line);
        return line;
    }

    /** Sends a command line; it appears in the transcript as sent. */
    public void send(String line) throws IOException {
        transcript.client(line);
        write(line);
    }

    /** Sends a line that carries a secret; the transcript shows {@code shown} instead. */
    public void sendSecret(String line, String shown) throws IOException {
        transcript.client(shown);
        write(line);
    }

    public void note(String text) {
        transcript.note(text);
    }

    /** What arrived of a line that has not ended yet (a tarpit's trickle), or "". */
    public String partialLine() {
        return reader.partialLine();
    }

    /** Bytes the server sent beyond the last line read, or null. */
    public byte @Nullable [] drainBuffered() {
        return reader.drainBuffered();
    }

    private void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
