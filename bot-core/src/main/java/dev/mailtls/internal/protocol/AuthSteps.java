package dev.mailtls.internal.protocol;

import dev.mailtls.auth.AuthOutcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects the human-readable steps of an auth probe and encodes SASL values. */
final class AuthSteps {
    static final String REDACTED = SecretRedactor.REDACTED;

    private final List<String> steps = new ArrayList<>();
    private final String mechanism;
    private final boolean real;

    AuthSteps(String mechanism, boolean real) {
        this.mechanism = mechanism;
        this.real = real;
    }

    void add(String sent, Reply answer) {
        steps.add(sent + " → " + shown(answer));
    }

    AuthOutcome finish(AuthOutcome.Verdict verdict, Reply last) {
        return new AuthOutcome(verdict, mechanism, steps, last.text(), real);
    }

    /** A reply as shown: SMTP 334 and IMAP/POP3 "+ " challenges are base64, shown decoded. */
    static String shown(Reply r) {
        if (r.kind() == Reply.Kind.CONTINUE) {
            String line = r.lastLine();
            String payload = line.length() > 4 && r.code() == 334
                    ? line.substring(4).trim()
                    : line.startsWith("+") ? line.substring(1).trim() : "";
            String decoded = decodeBase64(payload);
            String prefix = r.code() == 334 ? "334 " : "+ ";
            return decoded == null ? line : prefix + decoded;
        }
        return r.text();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** SASL PLAIN (RFC 4616): authzid NUL authcid NUL password, base64. */
    static String saslPlain(String user, String password) {
        return b64("\0" + user + "\0" + password);
    }

    static @Nullable String decodeBase64(String payload) {
        if (payload.isEmpty()) {
            return "";
        }
        try {
            String s = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
            return s.chars().allMatch(c -> c >= 0x20 && c != 0x7f) ? s : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
