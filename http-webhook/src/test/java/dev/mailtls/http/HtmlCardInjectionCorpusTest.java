package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.testing.HostileText;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The web page's HTML card against the shared injection corpus: whatever a server writes into its
 * banner, replies, certificate names or transcript, the card holds only mailtls's own elements and
 * attributes, only its own links, no raw invisible character, and still shows the text.
 */
class HtmlCardInjectionCorpusTest {
    private static final Set<String> ELEMENTS = Set.of(
            "p", "ul", "li", "code", "div", "h3", "span", "dl", "dt", "dd", "br", "meter", "details", "summary", "pre",
            "a");
    private static final Set<String> ATTRIBUTES =
            Set.of("class", "href", "min", "max", "low", "high", "optimum", "value", "title");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z0-9]+)([^<>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s([a-zA-Z-]+)=\"([^\"]*)\"");

    static Stream<HostileText> corpus() {
        return HostileText.stream();
    }

    private static Report hostile(HostileText h) {
        return HostileText.report(h.cutSafe());
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void theHtmlCardHoldsOnlyItsOwnMarkup(HostileText h) {
        Report report = hostile(h);
        List<String> links = report.hints().stream()
                .map(Hint::tryCommand)
                .filter(Objects::nonNull)
                .map(t -> t.in(TryCommand.Form.WEB))
                .toList();
        String html = HtmlCard.of(Card.of(report, TryCommand.Form.WEB), links).markup();

        Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            assertThat(ELEMENTS).as("element in %s", tag.group()).contains(tag.group(2));
            String attributes = tag.group(3);
            Matcher a = ATTRIBUTE.matcher(attributes);
            String rest = a.replaceAll("").strip();
            assertThat(rest).as("only quoted attributes in %s", tag.group()).isEmpty();
            a.reset();
            while (a.find()) {
                assertThat(ATTRIBUTES).as("attribute in %s", tag.group()).contains(a.group(1));
                if (a.group(1).equals("href")) {
                    assertThat(a.group(2)).startsWith("/?host=");
                }
            }
        }
        // Outside text never closes an element early: every opened element closes in order.
        assertThat(balanced(html)).isTrue();
        assertThat(HostileText.rawHidden(html, HostileText.NONE)).isEqualTo(-1);
        assertThat(html).contains(h.marker());
    }

    private static boolean balanced(String html) {
        java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();
        Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            String name = tag.group(2);
            if (name.equals("br")) {
                continue;
            }
            if (tag.group(1).isEmpty()) {
                open.push(name);
            } else if (open.isEmpty() || !open.pop().equals(name)) {
                return false;
            }
        }
        return open.isEmpty();
    }
}
