package dev.mailtls.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.ServerText;
import dev.mailtls.net.Printable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Every class of code point a server can send, for the drift test each front end runs on its
 * escapers: they must all agree with bot-core's {@link ServerText} on which characters are hidden
 * and how each is shown, whatever syntax escaping they add on top.
 */
public final class CodePointClasses {
    private CodePointClasses() {}

    /** Characters the rule names one by one, and those a careless rule gets wrong. */
    private static final List<Integer> NAMED = List.of(
            0x00, 0x07, 0x09, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0xA0, 0xAD, 0x034F, 0x061C, 0x115F,
            0x1160, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202E, 0x2060, 0x2061,
            0x2064, 0x2066, 0x2069, 0x3164, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFE0F, 0xFEFF, 0xFFA0, 0xFFF9, 0xFFFB,
            0x110BD, 0x13430, 0x1BCA0, 0x1D173, 0x1D800, 0x1DA00, 0x2D800, 0xE0001, 0xE0041, 0xE007F, 0xE0100, 0x1F600);

    /**
     * The named characters, and the first three code points of every class: each Unicode general
     * category crossed with hidden or not, and with whether a character beyond the BMP has low 16
     * bits in the surrogate range (the trap a {@code (char)} cast falls into). Line feed is left
     * out: {@link #assertLineEndings} covers it.
     */
    public static List<Integer> sample() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        TreeSet<Integer> out = new TreeSet<>(NAMED);
        IntStream.rangeClosed(0, Character.MAX_CODE_POINT).forEach(cp -> {
            int low = cp & 0xffff;
            String key = Character.getType(cp) + "/" + ServerText.hidden(cp) + "/" + Character.isBmpCodePoint(cp) + "/"
                    + (low >= 0xD800 && low <= 0xDFFF);
            int n = seen.merge(key, 1, Integer::sum);
            if (n <= 3) {
                out.add(cp);
            }
        });
        out.remove((int) '\n');
        return List.copyOf(out);
    }

    /**
     * Asserts that {@code escaper} hides exactly what {@link ServerText#hidden} hides, each as
     * {@link ServerText#escape} shows it, and shows every other character raw (ASCII may get the
     * platform's own syntax escaping, never a hidden-character escape).
     */
    public static void assertAgreesWithServerText(String name, UnaryOperator<String> escaper) {
        for (int cp : sample()) {
            String raw = new StringBuilder().appendCodePoint(cp).toString();
            String shown = escaper.apply("Q" + raw + "Z");
            if (ServerText.hidden(cp)) {
                assertThat(shown)
                        .as("%s shows hidden U+%04X escaped", name, cp)
                        .contains(ServerText.escape(cp))
                        .doesNotContain(raw);
            } else {
                assertThat(shown).as("%s shows U+%04X as it is", name, cp).doesNotContain(Printable.escape(cp));
                if (cp > 0x7f) {
                    assertThat(shown).as("%s shows U+%04X raw", name, cp).contains(raw);
                }
            }
        }
    }

    /**
     * Line endings in text laid out line by line: a line feed and a CRLF are each one line break, a
     * lone CR is escaped.
     */
    public static void assertLineEndings(String name, UnaryOperator<String> escaper) {
        assertThat(escaper.apply("Qone\nZtwo")).as("%s keeps a line feed", name).contains("Qone\nZtwo");
        assertThat(escaper.apply("Qone\r\nZtwo"))
                .as("%s shows a CRLF as a line break", name)
                .contains("Qone\nZtwo");
        assertThat(escaper.apply("Qone\rZtwo"))
                .as("%s escapes a lone CR", name)
                .contains("Qone" + ServerText.escape('\r') + "Ztwo");
    }
}
