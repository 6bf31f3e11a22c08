package dev.mailtls.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A bare line client for fixture tests: connects to 127.0.0.1, reads CRLF lines with a timeout,
 * and upgrades to TLS trusting any certificate. Reads one byte at a time so that bytes a server
 * sends after a STARTTLS go-ahead stay visible as plaintext.
 */
public final class LoopbackClient implements AutoCloseable {

    /** Every read gives up after this. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private LoopbackClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects in plaintext. */
    public static LoopbackClient connect(int port) throws IOException {
        return connect(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
    }

    /** Connects in plaintext to a loopback {@code address} other than 127.0.0.1. */
    public static LoopbackClient connect(InetAddress address, int port) throws IOException {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("fixtures stay on loopback, not " + address);
        }
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address, port), 5_000);
        return new LoopbackClient(socket);
    }

    /** Connects and handshakes TLS at once (implicit TLS), trusting any certificate. */
    public static LoopbackClient connectTls(int port) throws IOException {
        LoopbackClient client = connect(port);
        client.startTls();
        return client;
    }

    /** A client context that accepts any certificate chain: for fixtures only. */
    public static SSLContext trustAllContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust-all TLS context", e);
        }
    }

    /** Wraps the connection in client-mode TLS (after a STARTTLS go-ahead, or at once) and handshakes. */
    public SSLSession startTls() throws IOException {
        return startTls(trustAllContext());
    }

    /** Like {@link #startTls()}, with {@code context}'s trust decisions instead of trusting all. */
    public SSLSession startTls(SSLContext context) throws IOException {
        SSLSocket tls =
                (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.setSoTimeout((int) READ_TIMEOUT.toMillis());
        tls.startHandshake();
        this.socket = tls;
        this.in = tls.getInputStream();
        this.out = tls.getOutputStream();
        return tls.getSession();
    }

    /** Sends {@code line} and CRLF. */
    public void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line without CRLF, or null at end of stream. */
    public @Nullable String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Lines up to and including the first one {@code last} accepts; fails at end of stream. */
    public List<String> readUntil(Predicate<String> last) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("end of stream after " + lines);
            }
            lines.add(line);
            if (last.test(line)) {
                return lines;
            }
        }
    }

    /** An SMTP reply: lines up to the one whose fourth character is a space (RFC 5321 §4.2). */
    public List<String> readSmtpReply() throws IOException {
        return readUntil(line -> line.length() < 4 || line.charAt(3) == ' ');
    }

    /** An IMAP response: untagged lines up to the one tagged {@code tag}. */
    public List<String> readImapResponse(String tag) throws IOException {
        return readUntil(line -> line.startsWith(tag + " "));
    }

    /** Whether the server closed the connection (end of stream within {@link #READ_TIMEOUT}). */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // a reset is a close too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
