package dev.mailtls.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTPS server for MTA-STS policy fetches: it completes a TLS handshake with the given
 * context (a {@link TestPki} certificate), reads one HTTP request head, remembers it and the SNI
 * name the client sent, and answers with what its {@link Responder} writes, then closes. Every
 * connection is closed after {@link FaultServer#CONNECTION_LIFETIME} at the latest.
 */
public final class PolicyServer implements AutoCloseable {

    /** Writes the whole HTTP answer, status line to last byte, to one connection. */
    @FunctionalInterface
    public interface Responder {
        void respond(OutputStream out) throws IOException, InterruptedException;
    }

    private static final int MAX_REQUEST_HEAD = 16 * 1024;

    private final LoopbackAcceptor acceptor;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> serverNames = new CopyOnWriteArrayList<>();

    private PolicyServer(SSLContext context, Responder responder) {
        this(null, context, responder);
    }

    private PolicyServer(@Nullable InetSocketAddress at, SSLContext context, Responder responder) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(responder, "responder");
        LoopbackAcceptor.Handler handler = socket -> {
            SSLSocket tls = LineChannel.wrap(context, socket);
            for (SNIServerName n : ((ExtendedSSLSession) tls.getSession()).getRequestedServerNames()) {
                if (n instanceof SNIHostName host) {
                    serverNames.add(host.getAsciiName());
                }
            }
            requests.add(readHead(tls.getInputStream()));
            OutputStream out = tls.getOutputStream();
            responder.respond(out);
            out.flush();
        };
        this.acceptor = at == null
                ? new LoopbackAcceptor("policy-https", FaultServer.CONNECTION_LIFETIME, handler)
                : new LoopbackAcceptor("policy-https", at, FaultServer.CONNECTION_LIFETIME, handler);
    }

    /**
     * Answers every request on {@code address}:443, where an MTA-STS fetcher looks (RFC 8461 §3.3:
     * HTTPS on the default port). Binding port 443 needs root; the address is a loopback one such as
     * {@code 127.0.0.31}, which {@code mta-sts.<domain>} resolves to in the test's DNS.
     */
    public static PolicyServer onPort443(String address, SSLContext context, Responder responder) {
        return new PolicyServer(new InetSocketAddress(address, 443), context, responder);
    }

    /** {@link #onPort443(String, SSLContext, Responder)} answering exactly {@code response}. */
    public static PolicyServer onPort443(String address, SSLContext context, String response) {
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        return onPort443(address, context, out -> out.write(bytes));
    }

    /** Answers every request with {@code responder}'s bytes. */
    public static PolicyServer answering(SSLContext context, Responder responder) {
        return new PolicyServer(context, responder);
    }

    /** Answers every request with exactly {@code response} (status line, headers, body). */
    public static PolicyServer answering(SSLContext context, String response) {
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        return new PolicyServer(context, out -> out.write(bytes));
    }

    /** Serves {@code policy} with 200, {@code text/plain} and its Content-Length. */
    public static PolicyServer serving(SSLContext context, String policy) {
        return answering(context, ok(policy));
    }

    /** A 200 answer carrying {@code body} as {@code text/plain} with its Content-Length. */
    public static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }

    /** Writes {@code response} one byte every {@code perByte}: an answer that keeps coming, too slowly. */
    public static Responder trickling(String response, Duration perByte) {
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        return out -> {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(perByte);
            }
        };
    }

    public int port() {
        return acceptor.port();
    }

    /** Connections accepted so far. */
    public int connections() {
        return acceptor.connections();
    }

    /** The request heads received (request line and headers, CRLF-separated), in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The SNI host names clients sent, one per handshake that sent one. */
    public List<String> serverNames() {
        return List.copyOf(serverNames);
    }

    @Override
    public void close() {
        acceptor.close();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length && head.size() < MAX_REQUEST_HEAD) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
