package dev.mailtls.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * How a {@link CredentialEchoServer} gives back the credentials it was sent: verbatim, decoded,
 * re-encoded, cut into pieces, spread over lines, in a challenge, in its goodbye. Each style is one
 * way a careless or hostile server could put a password into mailtls's output.
 */
public enum CredentialEcho {
    /** Every credential-bearing line as received: the PLAIN response, LOGIN's pieces, IMAP's quoted strings, PASS. */
    RAW,
    /** The user name and password decoded, in clear. */
    CLEAR,
    /** The base64 of the password and of the user name, as AUTH LOGIN sends them. */
    BASE64,
    /** The whole SASL PLAIN response (RFC 4616), whatever mechanism was used. */
    PLAIN_RESPONSE,
    /** Hex of the password, the user name and the PLAIN response, lower case. */
    HEX_LOWER,
    /** The same in upper case. */
    HEX_UPPER,
    /** The password inside base64 of the server's own text, at each of the three byte alignments. */
    WRAPPED_BASE64,
    /** Long pieces: the password without its ends, the PLAIN response without its ends. */
    SUBSTRINGS,
    /** The password and the PLAIN response each cut in two, the halves on separate lines. */
    SPLIT_ACROSS_LINES,
    /** A multi-line reply with the secret in its middle lines. */
    MULTILINE,
    /** A reply carrying the secret, then the connection closed before the reply was finished. */
    BEFORE_DISCONNECT,
    /** A base64 challenge (SMTP 334, IMAP/POP3 "+ ") carrying the secret, which mailtls shows decoded. */
    IN_CHALLENGE,
    /** A plain refusal, then the secret in the answer to QUIT or LOGOUT. */
    IN_GOODBYE,
    /** Every form above in one long reply. */
    EVERYTHING;

    /** What the server heard: the credential-bearing lines as received, and what they decode to. */
    public record Heard(List<String> raw, String user, String password) {
        public Heard {
            raw = List.copyOf(raw);
        }

        String plainResponse() {
            return b64("\0" + user + "\0" + password);
        }
    }

    /** The lines of text that carry the echo, before the protocol frames them. */
    List<String> texts(Heard h) {
        String pw = h.password();
        String plain = h.plainResponse();
        return switch (this) {
            case RAW, BEFORE_DISCONNECT, IN_GOODBYE ->
                h.raw().stream().map(r -> "echo: you sent " + r).toList();
            case CLEAR -> List.of("echo: user " + h.user() + " password " + pw);
            case BASE64 -> List.of("echo: " + b64(pw) + " for " + b64(h.user()));
            case PLAIN_RESPONSE -> List.of("echo: you sent " + plain);
            case HEX_LOWER ->
                List.of("echo: " + hex(pw) + " " + hex(h.user()) + " " + hex("\0" + h.user() + "\0" + pw));
            case HEX_UPPER ->
                List.of("echo: " + hexUpper(pw) + " " + hexUpper(h.user()) + " "
                        + hexUpper("\0" + h.user() + "\0" + pw));
            case WRAPPED_BASE64 ->
                // "you sent " is 9 bytes, "x" 1, "xy" 2: the password starts at every offset modulo 3.
                List.of(
                        "echo: " + b64("you sent " + pw),
                        "echo: " + b64("x" + pw + "y"),
                        "echo: " + b64("xy" + pw + "z"));
            case SUBSTRINGS ->
                List.of("echo: part " + pw.substring(2, pw.length() - 2) + " and "
                        + plain.substring(6, plain.length() - 6));
            case SPLIT_ACROSS_LINES -> {
                int p = pw.length() / 2;
                int b = plain.length() / 2;
                yield List.of(
                        "echo: " + pw.substring(0, p),
                        pw.substring(p),
                        "echo: " + plain.substring(0, b),
                        plain.substring(b));
            }
            case MULTILINE -> List.of("echo: hello", "echo: you sent " + pw, "echo: also " + b64(pw), "echo: goodbye");
            case IN_CHALLENGE -> List.of("you sent " + pw + " as " + plain);
            case EVERYTHING -> {
                List<String> all = new ArrayList<>();
                for (CredentialEcho e : values()) {
                    if (e != EVERYTHING && e != IN_CHALLENGE) {
                        all.addAll(e.texts(h));
                    }
                }
                yield all;
            }
        };
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    static String hexUpper(String s) {
        return HexFormat.of().withUpperCase().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
