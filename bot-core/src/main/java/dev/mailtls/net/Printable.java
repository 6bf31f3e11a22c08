package dev.mailtls.net;

/** Makes untrusted server text safe to store and print: control characters become visible escapes. */
public final class Printable {
    private Printable() {}

    /** Replaces C0/C1 control characters (tab excepted) and DEL with {@code \xNN}, and caps the length. */
    public static String of(String s, int maxChars) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), maxChars) + 16);
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= maxChars) {
                b.append("… (").append(s.length() - i).append(" more chars)");
                break;
            }
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\x%02X", (int) c & 0xff));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Bytes as text: printable ASCII kept, everything else escaped. */
    public static String ofBytes(byte[] bytes, int maxChars) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes.length && b.length() < maxChars; i++) {
            int c = bytes[i] & 0xff;
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02X", c));
            }
        }
        return b.toString();
    }
}
