package dev.mailtls.internal.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads CRLF- (or bare LF-) terminated lines with a bound on their length. Unlike a
 * BufferedReader it tells how many bytes it holds beyond the last line, which is how a STARTTLS
 * injection (bytes after the go-ahead) is detected.
 */
public final class BoundedLineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private byte[] line = new byte[128];
    private int lineLen;

    public BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * The next line without its terminator, decoded as UTF-8 (malformed bytes replaced).
     *
     * @throws EOFException when the stream ends before any byte of a line
     * @throws LineTooLongException when no terminator came within the bound
     */
    public String readLine() throws IOException {
        // The line in progress lives in fields, so a read that times out mid-line keeps what came.
        while (true) {
            if (pos == limit && !fill()) {
                if (lineLen == 0) {
                    throw new EOFException("connection closed by the server");
                }
                // A last line without terminator: return what came.
                return takeLine(lineLen);
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int len = lineLen > 0 && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
                return takeLine(len);
            }
            if (lineLen == maxLineBytes) {
                String prefix = decode(line, Math.min(lineLen, 200));
                lineLen = 0;
                throw new LineTooLongException(maxLineBytes, prefix);
            }
            if (lineLen == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineBytes + 1, line.length * 2));
            }
            line[lineLen++] = b;
        }
    }

    /** The part of a line received so far without its terminator (e.g. from a tarpit), or "". */
    public String partialLine() {
        return decode(line, lineLen);
    }

    private String takeLine(int len) {
        String s = decode(line, len);
        lineLen = 0;
        if (line.length > 4096) {
            line = new byte[128];
        }
        return s;
    }

    /** Bytes already received and not yet returned as a line. */
    public int buffered() {
        return limit - pos;
    }

    /** Takes the bytes already received beyond the last line, or null when there are none. */
    public byte @Nullable [] drainBuffered() {
        if (pos == limit) {
            return null;
        }
        byte[] rest = Arrays.copyOfRange(buf, pos, limit);
        pos = limit;
        return rest;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private static String decode(byte[] bytes, int len) {
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }
}
