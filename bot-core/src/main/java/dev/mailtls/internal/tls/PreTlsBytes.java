package dev.mailtls.internal.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.util.Set;

/**
 * A connected socket seen through a filter for a client handshake after STARTTLS: whatever the
 * server sends before its first TLS record is set aside, and the handshake reads on from the first
 * record. In TLS the client speaks first, so every such byte is out of place (STARTTLS response
 * injection); setting it aside, rather than waiting a while after the go-ahead to see whether some
 * comes, finds bytes however late they come before the ServerHello, at no cost to a healthy server.
 *
 * <p>The handshake is run on {@link #socket()}; everything but its input goes straight to the
 * connected socket (closing it closes that socket). A record starts with its content type: a
 * handshake (22) or an alert (21) is what a server may answer a ClientHello with; any other byte
 * before the first one is set aside. After {@link #MAX_SET_ASIDE} bytes the filter gives up and the
 * handshake meets the rest, as plaintext it cannot read.
 */
public final class PreTlsBytes {
    /** More plaintext than this is a server that does not speak TLS here at all. */
    static final int MAX_SET_ASIDE = 4096;

    private static final int HANDSHAKE = 22;
    private static final int ALERT = 21;

    private final Socket raw;
    private final FilteredInput input;
    private final Socket view;

    private PreTlsBytes(Socket raw) throws IOException {
        this.raw = raw;
        this.input = new FilteredInput(raw.getInputStream());
        this.view = new View();
    }

    /** A filter over {@code connected}, whose input is not read until the handshake reads it. */
    public static PreTlsBytes over(Socket connected) throws IOException {
        if (!connected.isConnected()) {
            throw new SocketException("not connected: " + connected);
        }
        return new PreTlsBytes(connected);
    }

    /** The socket to run the handshake on. */
    public Socket socket() {
        return view;
    }

    /** The bytes set aside so far (the first 512 of them), or null when none came. */
    public byte @org.jspecify.annotations.Nullable [] setAside() {
        synchronized (input) {
            return input.kept.size() == 0 ? null : input.kept.toByteArray();
        }
    }

    /** Reads through to the first byte that can start a TLS record; sets aside those before it. */
    private static final class FilteredInput extends InputStream {
        private static final int KEEP = 512;
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private int skipped;
        private boolean passing;

        FilteredInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (passing || len == 0) {
                return in.read(b, off, len);
            }
            while (true) {
                int n = in.read(b, off, len);
                if (n <= 0) {
                    return n;
                }
                int first = 0;
                while (first < n && !startsRecord(b[off + first])) {
                    first++;
                }
                synchronized (this) {
                    kept.write(b, off, Math.min(first, Math.max(0, KEEP - kept.size())));
                }
                skipped += first;
                if (first < n) {
                    passing = true;
                    System.arraycopy(b, off + first, b, off, n - first);
                    return n - first;
                }
                if (skipped >= MAX_SET_ASIDE) {
                    // Not TLS at all: what follows goes to the handshake, which says so.
                    passing = true;
                }
            }
        }

        private static boolean startsRecord(byte b) {
            return b == HANDSHAKE || b == ALERT;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The connected socket with the filtered input. It never connects itself. */
    private final class View extends Socket {
        @Override
        public InputStream getInputStream() {
            return input;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return raw.getOutputStream();
        }

        @Override
        public synchronized void close() throws IOException {
            raw.close();
        }

        @Override
        public boolean isConnected() {
            return raw.isConnected();
        }

        @Override
        public boolean isBound() {
            return raw.isBound();
        }

        @Override
        public boolean isClosed() {
            return raw.isClosed();
        }

        @Override
        public boolean isInputShutdown() {
            return raw.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return raw.isOutputShutdown();
        }

        @Override
        public void shutdownInput() throws IOException {
            raw.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            raw.shutdownOutput();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            raw.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws SocketException {
            return raw.getSoTimeout();
        }

        @Override
        public InetAddress getInetAddress() {
            return raw.getInetAddress();
        }

        @Override
        public int getPort() {
            return raw.getPort();
        }

        @Override
        public InetAddress getLocalAddress() {
            return raw.getLocalAddress();
        }

        @Override
        public int getLocalPort() {
            return raw.getLocalPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return raw.getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return raw.getLocalSocketAddress();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            raw.setTcpNoDelay(on);
        }

        @Override
        public boolean getTcpNoDelay() throws SocketException {
            return raw.getTcpNoDelay();
        }

        @Override
        public void setSoLinger(boolean on, int linger) throws SocketException {
            raw.setSoLinger(on, linger);
        }

        @Override
        public int getSoLinger() throws SocketException {
            return raw.getSoLinger();
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            raw.setKeepAlive(on);
        }

        @Override
        public boolean getKeepAlive() throws SocketException {
            return raw.getKeepAlive();
        }

        @Override
        public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
            raw.setOption(name, value);
            return this;
        }

        @Override
        public <T> T getOption(SocketOption<T> name) throws IOException {
            return raw.getOption(name);
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return raw.supportedOptions();
        }

        @Override
        public String toString() {
            return raw.toString();
        }
    }
}
