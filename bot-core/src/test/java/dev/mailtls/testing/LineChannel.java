package dev.mailtls.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * The server side of a line-based mail connection: bounded CRLF lines in, whole replies out, and
 * an in-place upgrade to TLS.
 *
 * <p>Input is read one byte at a time, never buffered ahead: at STARTTLS the next bytes on the
 * wire belong to the client's TLS handshake and must reach the {@link SSLSocket} untouched.
 */
final class LineChannel {

    static final int MAX_LINE_BYTES = 8192;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean tls;

    LineChannel(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.tls = socket instanceof SSLSocket;
    }

    boolean tls() {
        return tls;
    }

    /**
     * Returns the next line without its CRLF (a bare LF also ends a line), or null at end of
     * stream. A line longer than {@link #MAX_LINE_BYTES} ends the connection.
     */
    @Nullable
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : decode(line);
            }
            if (b == '\n') {
                return decode(line);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes from " + socket);
            }
            line.write(b);
        }
    }

    private static String decode(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Sends each line with CRLF, then {@code trailer} as-is, all in one write. */
    void writeLines(List<String> lines, String trailer) throws IOException {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append("\r\n"));
        text.append(trailer);
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void writeLines(List<String> lines) throws IOException {
        writeLines(lines, "");
    }

    /**
     * Drops plaintext the client pipelined after its STARTTLS, as RFC 3207 §4.2 asks and Postfix
     * does since CVE-2011-0411: it must neither be executed nor reach the handshake. Called before
     * the go-ahead goes out, so the client's ClientHello cannot be among what is dropped.
     */
    void discardPending() throws IOException {
        in.skipNBytes(in.available());
    }

    /** Wraps the connection in server-mode TLS and completes the handshake. */
    void upgradeToTls(SSLContext context) throws IOException {
        SSLSocket tlsSocket = wrap(context, socket);
        this.socket = tlsSocket;
        this.in = tlsSocket.getInputStream();
        this.out = tlsSocket.getOutputStream();
        this.tls = true;
    }

    /** The server side of a TLS handshake over an accepted plaintext socket. */
    static SSLSocket wrap(SSLContext context, Socket plain) throws IOException {
        SSLSocket tlsSocket = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tlsSocket.setUseClientMode(false);
        tlsSocket.startHandshake();
        return tlsSocket;
    }
}
