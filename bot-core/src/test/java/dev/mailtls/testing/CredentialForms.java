package dev.mailtls.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The strings that must never appear in anything mailtls shows after a login with real
 * credentials, worked out here independently of the code under test: the user name and password in
 * clear and IMAP-quoted, their base64, the SASL PLAIN response, hex of each, and every run long
 * enough to matter (the lengths the README promises: 5 characters of the password, 7 of a base64
 * form, 10 hex digits).
 */
public final class CredentialForms {
    static final int CLEAR_RUN = 5;
    static final int BASE64_RUN = 7;
    static final int HEX_RUN = 10;

    private final Set<String> forbidden;

    private CredentialForms(Set<String> forbidden) {
        this.forbidden = Set.copyOf(forbidden);
    }

    public static CredentialForms of(String user, String password) {
        Set<String> f = new LinkedHashSet<>();
        String plain = "\0" + user + "\0" + password;
        for (String s : List.of(user, password, plain)) {
            f.add(b64(s));
            f.add(HexFormat.of().formatHex(utf8(s)));
            f.add(HexFormat.of().withUpperCase().formatHex(utf8(s)));
        }
        f.add(user);
        f.add(password);
        f.add(escaped(user));
        f.add(escaped(password));
        runs(f, password, CLEAR_RUN);
        runs(f, escaped(password), CLEAR_RUN);
        runs(f, b64(password), BASE64_RUN);
        runs(f, b64(plain), BASE64_RUN);
        runs(f, HexFormat.of().formatHex(utf8(password)), HEX_RUN);
        runs(f, HexFormat.of().withUpperCase().formatHex(utf8(password)), HEX_RUN);
        for (String stable : base64OfPasswordAnywhere(password)) {
            runs(f, stable, BASE64_RUN);
        }
        return new CredentialForms(f);
    }

    /** The first forbidden string found in {@code text}, if any. */
    public Optional<String> foundIn(String text) {
        return forbidden.stream().filter(text::contains).findFirst();
    }

    public int size() {
        return forbidden.size();
    }

    /**
     * Runs of base64 that carry the password wherever it sits in a larger blob: for each offset
     * modulo 3, the characters that come out the same whatever bytes surround the password.
     */
    static List<String> base64OfPasswordAnywhere(String password) {
        List<String> out = new ArrayList<>();
        for (String[] around :
                List.of(new String[] {"", "", "", "~~~"}, new String[] {"a", "b", "zzz", "~~~"}, new String[] {
                    "ab", "cd", "zzz", "~~~"
                })) {
            String one = b64(around[0] + password + around[2]);
            String two = b64(around[1] + password + around[3]);
            StringBuilder run = new StringBuilder();
            for (int i = 0; i < Math.min(one.length(), two.length()); i++) {
                if (one.charAt(i) == two.charAt(i)) {
                    run.append(one.charAt(i));
                } else {
                    if (run.length() >= BASE64_RUN) {
                        out.add(run.toString());
                    }
                    run.setLength(0);
                }
            }
            if (run.length() >= BASE64_RUN) {
                out.add(run.toString());
            }
        }
        return out;
    }

    private static void runs(Set<String> into, String s, int length) {
        for (int i = 0; i + length <= s.length(); i++) {
            into.add(s.substring(i, i + length));
        }
    }

    private static String escaped(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(utf8(s));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
