package dev.mailtls.domain;

import dev.mailtls.domain.MtaStsFetch.Failure;
import dev.mailtls.domain.MtaStsFetch.Reason;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the HTTP/1.1 answer to the policy request, within bounds: a 200 with {@code text/plain}
 * and at most {@link MtaStsFetcher#MAX_POLICY_BYTES} of body, in any of HTTP/1.1's three framings
 * (Content-Length, chunked, until close). Anything else is a {@link Failure}; reading stops at the
 * first byte past a bound.
 */
final class PolicyResponse {
    private static final int MAX_LINE_BYTES = 8 * 1024;
    private static final int MAX_HEADER_LINES = 100;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})(?: (.*))?");

    /** The body, or why there is none. */
    record Outcome(@Nullable String body, @Nullable Failure failure) {
        static Outcome failed(Reason reason, String message) {
            return new Outcome(null, new Failure(reason, message));
        }
    }

    private final InputStream in;
    private final String url;
    private final int maxBytes;

    private PolicyResponse(InputStream in, String url, int maxBytes) {
        this.in = in;
        this.url = url;
        this.maxBytes = maxBytes;
    }

    /** Reads the answer from {@code in} (a buffered stream); IO errors and timeouts propagate. */
    static Outcome read(InputStream in, String url, int maxBytes) throws IOException {
        return new PolicyResponse(in, url, maxBytes).read();
    }

    private Outcome read() throws IOException {
        int status;
        String reasonPhrase;
        Map<String, String> headers;
        do {
            String statusLine = line();
            if (statusLine == null) {
                return Outcome.failed(
                        Reason.BAD_RESPONSE, "the server closed the connection without an answer to GET " + url);
            }
            Matcher m = STATUS_LINE.matcher(statusLine);
            if (!m.matches()) {
                return Outcome.failed(
                        Reason.BAD_RESPONSE,
                        "the server's answer to GET " + url + " does not begin with an HTTP/1.1 status line: '"
                                + MtaStsPolicy.shown(statusLine) + "'");
            }
            status = Integer.parseInt(m.group(1));
            reasonPhrase = m.group(2) == null ? "" : " " + MtaStsPolicy.shown(m.group(2));
            headers = headers();
            if (headers == null) {
                return Outcome.failed(
                        Reason.BAD_RESPONSE,
                        "the headers of the answer to GET " + url + " are malformed or longer than " + MAX_HEADER_LINES
                                + " lines");
            }
            // 1xx answers are interim: the real one follows (RFC 9110 §15.2).
        } while (status >= 100 && status < 200);
        if (status >= 300 && status < 400) {
            String location = headers.get("location");
            return Outcome.failed(
                    Reason.REDIRECT,
                    "GET " + url + " answered " + status + reasonPhrase + " to "
                            + (location == null ? "no Location" : "'" + MtaStsPolicy.shown(location) + "'")
                            + ": senders do not follow redirects (RFC 8461 §3.3), so the policy must be served at"
                            + " this URL itself");
        }
        if (status != 200) {
            return Outcome.failed(
                    Reason.HTTP_STATUS,
                    "GET " + url + " answered " + status + reasonPhrase + ": senders accept the policy only with"
                            + " 200 OK (RFC 8461 §3.3)");
        }
        String contentType = headers.get("content-type");
        String mediaType = contentType == null
                ? null
                : TxtFields.stripWsp(contentType.split(";", 2)[0]).toLowerCase(Locale.ROOT);
        if (!"text/plain".equals(mediaType)) {
            return Outcome.failed(
                    Reason.CONTENT_TYPE,
                    (contentType == null
                                    ? "the policy is served without a Content-Type"
                                    : "the policy is served as '" + MtaStsPolicy.shown(contentType) + "'")
                            + ": it must be text/plain (RFC 8461 §3.3)");
        }
        String transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null) {
            if (!transferEncoding.toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
                return Outcome.failed(
                        Reason.BAD_RESPONSE,
                        "the policy is sent with Transfer-Encoding '" + MtaStsPolicy.shown(transferEncoding)
                                + "', which is not chunked");
            }
            return chunked();
        }
        String length = headers.get("content-length");
        if (length != null) {
            return sized(length);
        }
        return untilClose();
    }

    private Outcome sized(String lengthHeader) throws IOException {
        long length;
        try {
            length = Long.parseLong(lengthHeader.strip());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0) {
            return Outcome.failed(
                    Reason.BAD_RESPONSE, "Content-Length '" + MtaStsPolicy.shown(lengthHeader) + "' is not a number");
        }
        if (length > maxBytes) {
            return tooLarge("the server announces " + length + " bytes");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            return Outcome.failed(
                    Reason.BAD_RESPONSE,
                    "the connection closed after " + body.length + " of the " + length + " bytes announced");
        }
        return body(body);
    }

    private Outcome untilClose() throws IOException {
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            return tooLarge("the body goes on past that");
        }
        return body(body);
    }

    private Outcome chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                return Outcome.failed(Reason.BAD_RESPONSE, "the connection closed inside the chunked policy");
            }
            String hex = TxtFields.stripWsp(sizeLine.split(";", 2)[0]);
            long size;
            try {
                size = hex.isEmpty() || hex.length() > 8 ? -1 : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                return Outcome.failed(
                        Reason.BAD_RESPONSE, "'" + MtaStsPolicy.shown(sizeLine) + "' is not a chunk size");
            }
            if (size == 0) {
                // Trailers, if any, are of no interest: the server closes after them.
                return body(body.toByteArray());
            }
            if (body.size() + size > maxBytes) {
                return tooLarge("the chunks add up to more");
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                return Outcome.failed(Reason.BAD_RESPONSE, "the connection closed inside a chunk of the policy");
            }
            body.writeBytes(chunk);
            String end = line();
            if (end == null || !end.isEmpty()) {
                return Outcome.failed(Reason.BAD_RESPONSE, "a chunk of the policy does not end with CRLF");
            }
        }
    }

    private Outcome tooLarge(String what) {
        return Outcome.failed(
                Reason.TOO_LARGE,
                "the policy at " + url + " is larger than " + maxBytes + " bytes (" + what
                        + "): senders stop reading there, so it is not used; reading stopped");
    }

    private static Outcome body(byte[] bytes) {
        return new Outcome(new String(bytes, StandardCharsets.UTF_8), null);
    }

    /** Header fields by lower-case name (the first of each), or null when malformed or too many. */
    private @Nullable Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i <= MAX_HEADER_LINES; i++) {
            String line = line();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            headers.putIfAbsent(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    TxtFields.stripWsp(line.substring(colon + 1)));
        }
        return null;
    }

    /**
     * One line without its CRLF (or bare LF), null at the end of the stream.
     *
     * @throws IOException also when the line is longer than {@link #MAX_LINE_BYTES}
     */
    private @Nullable String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("the connection closed in the middle of a line");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new IOException("a header line of the answer is longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }
}
