package dev.mailtls.internal.protocol;

import dev.mailtls.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keeps real credentials out of what a server says back. A server that echoes what it was sent
 * (in a 535 reply, a challenge, a goodbye) must not get the password into a card, a transcript or
 * a log, whatever form it echoes.
 *
 * <p>Built from the credentials, it knows every form in which mailtls sends them or could send
 * them, and replaces each occurrence in a text with {@value #REDACTED}:
 *
 * <ul>
 *   <li>the user name and password in clear (POP3 USER/PASS), and as IMAP quoted strings with
 *       their escapes (RFC 9051 §4.3);
 *   <li>their base64 (SMTP AUTH LOGIN's pieces) and the whole SASL PLAIN initial response (RFC
 *       4616: NUL user NUL password, base64; SMTP AUTH PLAIN, IMAP AUTHENTICATE PLAIN);
 *   <li>the base64 of the password at each of the three byte alignments (RFC 4648 §4 encodes 3
 *       bytes as 4 characters), so the password is caught inside any larger base64 blob, the PLAIN
 *       response or a server's own wrapping of it;
 *   <li>the hex of all of these, lower and upper case.
 * </ul>
 *
 * <p>Pieces count too: any run of at least {@value #MIN_CLEAR_RUN} characters of the password in
 * clear, {@value #MIN_BASE64_RUN} characters of one of its base64 forms, or {@value #MIN_HEX_RUN}
 * hex digits of it is redacted, so a server that cuts the secret up, splits it across lines or
 * truncates it gives away fewer than 5 bytes of it per piece. Shorter runs are left alone: they
 * would blank out ordinary words of server text and give little away. Whole forms shorter than
 * {@value #MIN_FORM_CHARS} characters are not redacted either (a one-letter user name would blank
 * every such letter). A server that transforms the secret in some other way can still reveal it:
 * that is why real credentials only go to a trusted certificate that names the host.
 *
 * <p>Immutable and thread-safe; {@link #toString()} reveals nothing.
 */
public final class SecretRedactor {
    /** What stands in for a secret. */
    public static final String REDACTED = "<redacted>";

    /** Whole forms shorter than this are not redacted. */
    public static final int MIN_FORM_CHARS = 3;

    /** A run of the clear password this long or longer is redacted: 5 bytes of it. */
    public static final int MIN_CLEAR_RUN = 5;

    /**
     * A run of a base64 form this long or longer is redacted: 7 characters carry 42 bits, at least 4
     * whole bytes and mostly 5; 6 characters carry at most 4.
     */
    public static final int MIN_BASE64_RUN = 7;

    /** A run of hex digits this long or longer is redacted: 5 bytes. */
    public static final int MIN_HEX_RUN = 2 * MIN_CLEAR_RUN;

    private static final SecretRedactor NONE = new SecretRedactor(List.of(), Map.of());

    /** Whole forms, longest first. */
    private final List<String> forms;

    /** For each run length, every run of that length taken from a password-bearing form. */
    private final Map<Integer, Set<String>> runs;

    private final boolean active;

    private SecretRedactor(List<String> forms, Map<Integer, Set<String>> runs) {
        this.forms = List.copyOf(forms);
        Map<Integer, Set<String>> frozen = new LinkedHashMap<>();
        runs.forEach((length, set) -> frozen.put(length, Set.copyOf(set)));
        this.runs = Map.copyOf(frozen);
        this.active = !forms.isEmpty() || runs.values().stream().anyMatch(set -> !set.isEmpty());
    }

    /** Redacts nothing: for probes with made-up credentials or none. */
    public static SecretRedactor none() {
        return NONE;
    }

    /** A redactor for every form of {@code credentials} that mailtls sends or could send. */
    public static SecretRedactor of(Credentials credentials) {
        byte[] user = utf8(credentials.username());
        byte[] password = utf8(credentials.password());
        byte[] plain = utf8("\0" + credentials.username() + "\0" + credentials.password());
        String quotedUser = quotedContent(credentials.username());
        String quotedPassword = quotedContent(credentials.password());

        List<String> clear = List.of(credentials.password(), quotedPassword);
        List<String> base64 = new ArrayList<>();
        base64.add(b64(password));
        base64.add(b64(plain));
        base64.addAll(alignedBase64(password));
        List<String> passwordHex = hex(password);

        Set<String> forms = new LinkedHashSet<>();
        forms.addAll(List.of(credentials.username(), quotedUser, "\"" + quotedUser + "\"", b64(user)));
        forms.addAll(hex(user));
        forms.addAll(clear);
        forms.add("\"" + quotedPassword + "\"");
        forms.addAll(base64);
        forms.addAll(passwordHex);
        forms.addAll(hex(plain));
        forms.removeIf(f -> f.length() < MIN_FORM_CHARS);

        // Runs of the password-bearing forms only: runs of the user name would blank ordinary
        // words (a domain, a first name) and the user name is not a secret the way a password is.
        Map<Integer, Set<String>> runs = new LinkedHashMap<>();
        addRuns(runs, MIN_CLEAR_RUN, clear);
        addRuns(runs, MIN_BASE64_RUN, base64);
        addRuns(runs, MIN_HEX_RUN, passwordHex);

        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretRedactor(sorted, runs);
    }

    /** Whether this redactor knows any secret at all. */
    public boolean active() {
        return active;
    }

    /** The text with every form and every long enough run of a secret replaced by {@value #REDACTED}. */
    public String redact(String text) {
        if (!active || text.isEmpty()) {
            return text;
        }
        boolean[] secret = new boolean[text.length()];
        boolean any = false;
        for (String form : forms) {
            for (int i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + 1)) {
                Arrays.fill(secret, i, i + form.length(), true);
                any = true;
            }
        }
        for (Map.Entry<Integer, Set<String>> e : runs.entrySet()) {
            int n = e.getKey();
            for (int i = 0; i + n <= text.length(); i++) {
                if (e.getValue().contains(text.substring(i, i + n))) {
                    Arrays.fill(secret, i, i + n, true);
                    any = true;
                }
            }
        }
        if (!any) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!secret[i]) {
                b.append(text.charAt(i));
            } else if (i == 0 || !secret[i - 1]) {
                b.append(REDACTED);
            }
        }
        return b.toString();
    }

    /** {@link #redact(String)}, passing null through. */
    public @Nullable String redactNullable(@Nullable String text) {
        return text == null ? null : redact(text);
    }

    /** Each text redacted. */
    public List<String> redact(List<String> texts) {
        return active() ? texts.stream().map(this::redact).toList() : texts;
    }

    @Override
    public String toString() {
        return "SecretRedactor[" + (active() ? "active" : "none") + "]";
    }

    /**
     * The base64 characters that depend only on the password when it starts at byte offset 0, 1 or
     * 2 of a longer input: wherever the password sits in a blob, one of these three appears in the
     * blob's base64. Character j carries bits 6j..6j+5; it is the password's alone when those bits
     * lie inside the password's bits.
     */
    static List<String> alignedBase64(byte[] password) {
        List<String> cores = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + password.length];
            System.arraycopy(password, 0, shifted, offset, password.length);
            String encoded = b64(shifted);
            int firstBit = 8 * offset;
            int endBit = 8 * (offset + password.length);
            int from = (firstBit + 5) / 6;
            int to = endBit / 6; // exclusive: char j fits when 6j + 6 <= endBit
            if (to - from >= 4) {
                // Four characters or more: shorter pieces of random base64 would match too easily.
                cores.add(encoded.substring(from, to));
            }
        }
        return cores;
    }

    private static void addRuns(Map<Integer, Set<String>> runs, int length, List<String> sources) {
        Set<String> set = runs.computeIfAbsent(length, k -> new HashSet<>());
        for (String s : sources) {
            for (int i = 0; i + length <= s.length(); i++) {
                set.add(s.substring(i, i + length));
            }
        }
    }

    /** The inside of an IMAP quoted string as {@link ImapDialect} sends it. */
    private static String quotedContent(String s) {
        String q = ImapDialect.quoted(s);
        return q.substring(1, q.length() - 1);
    }

    /** Lower and upper case hex. */
    private static List<String> hex(byte[] bytes) {
        return List.of(
                HexFormat.of().formatHex(bytes), HexFormat.of().withUpperCase().formatHex(bytes));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
