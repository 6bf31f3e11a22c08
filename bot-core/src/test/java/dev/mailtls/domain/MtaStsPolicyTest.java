package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.domain.MtaStsPolicy.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MtaStsPolicyTest {

    /** RFC 8461 §3.2's example, with the CRLF line endings the RFC specifies. */
    private static final String RFC_EXAMPLE = "version: STSv1\r\n"
            + "mode: enforce\r\n"
            + "mx: mail.example.com\r\n"
            + "mx: *.example.net\r\n"
            + "mx: backupmx.example.com\r\n"
            + "max_age: 604800\r\n";

    @Test
    void rfcExampleParses() {
        Parsed<MtaStsPolicy> p = MtaStsPolicy.parse(RFC_EXAMPLE);

        assertThat(p.status()).isEqualTo(Parsed.Status.VALID);
        MtaStsPolicy policy = p.value();
        assertThat(policy.version()).isEqualTo("STSv1");
        assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(policy.mx()).containsExactly("mail.example.com", "*.example.net", "backupmx.example.com");
        assertThat(policy.maxAge()).isEqualTo(604800);
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void lfLineEndingsAndNoFinalNewlineAreAccepted() {
        Parsed<MtaStsPolicy> p =
                MtaStsPolicy.parse(RFC_EXAMPLE.replace("\r\n", "\n").strip());

        assertThat(p.value()).isEqualTo(MtaStsPolicy.parse(RFC_EXAMPLE).value());
    }

    @Test
    void unknownKeysAreIgnored() {
        Parsed<MtaStsPolicy> p = MtaStsPolicy.parse(
                "version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\nfuture_key: 1 2\n");

        assertThat(p.valid()).isTrue();
        assertThat(p.value().mode()).isEqualTo(Mode.TESTING);
    }

    @Test
    void modeNoneNeedsNoMx() {
        Parsed<MtaStsPolicy> p = MtaStsPolicy.parse("version: STSv1\nmode: none\nmax_age: 0\n");

        assertThat(p.valid()).isTrue();
        assertThat(p.value().mx()).isEmpty();
        assertThat(p.value().maxAge()).isZero();
    }

    @Test
    void theLargestMaxAgeIsAccepted() {
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: none\nmax_age: 31557600\n")
                        .value()
                        .maxAge())
                .isEqualTo(31_557_600L);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // What is wrong | the policy, lines separated by '/'
                "the version line is missing|mode: enforce/mx: a.example.com/max_age: 1",
                "line 1: version is 'STSv2': it must be STSv1|version: STSv2/mode: enforce/mx: a.example.com/max_age: 1",
                "the mode line is missing|version: STSv1/mx: a.example.com/max_age: 1",
                "line 2: mode 'Enforce' is not one of enforce, testing, none|version: STSv1/mode: Enforce/mx: a.example.com/max_age: 1",
                "line 2: mode 'strict' is not one of|version: STSv1/mode: strict/mx: a.example.com/max_age: 1",
                "the max_age line is missing|version: STSv1/mode: enforce/mx: a.example.com",
                "line 4: max_age 'week' is not a whole number|version: STSv1/mode: enforce/mx: a.example.com/max_age: week",
                "line 4: max_age '-1' is not a whole number|version: STSv1/mode: enforce/mx: a.example.com/max_age: -1",
                "line 4: max_age '12345678901' is not a whole number|version: STSv1/mode: enforce/mx: a.example.com/max_age: 12345678901",
                "line 4: max_age 31557601 is more than 31557600|version: STSv1/mode: enforce/mx: a.example.com/max_age: 31557601",
                "no mx line: a policy in enforce mode|version: STSv1/mode: enforce/max_age: 1",
                "no mx line: a policy in testing mode|version: STSv1/mode: testing/max_age: 1",
                "line 3: 'mail..example.com' is not a host name|version: STSv1/mode: enforce/mx: mail..example.com/max_age: 1",
                "line 3: 'mx*.example.com' is not a host name|version: STSv1/mode: enforce/mx: mx*.example.com/max_age: 1",
                "line 3: '*.*.example.com' is not a host name|version: STSv1/mode: enforce/mx: *.*.example.com/max_age: 1",
                "line 3: 'mail.example.com.' is not a host name or a *. pattern (no trailing dot)|version: STSv1/mode: enforce/mx: mail.example.com./max_age: 1",
                "line 3: mx is empty|version: STSv1/mode: enforce/mx:/max_age: 1",
                "line 3: 'this line has no colon' is not a 'key: value' line|version: STSv1/mode: enforce/this line has no colon/mx: a.example.com/max_age: 1",
                "line 2: 'mode ' is not a valid key (no space is allowed before ':')|version: STSv1/mode : enforce/mx: a.example.com/max_age: 1",
                "('Mode' is not it: keys are lower case)|version: STSv1/Mode: enforce/mx: a.example.com/max_age: 1"
            })
    void eachSyntaxErrorIsNamedWithItsLine(String problem, String lines) {
        Parsed<MtaStsPolicy> p = MtaStsPolicy.parse(lines.replace("/", "\r\n") + "\r\n");

        assertThat(p.status()).isEqualTo(Parsed.Status.INVALID);
        assertThat(p.problems()).anySatisfy(s -> assertThat(s).contains(problem));
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        Parsed<MtaStsPolicy> p = MtaStsPolicy.parse("version: STSv9\nmode: hard\nmax_age: forever\n");

        assertThat(p.problems())
                .hasSize(3)
                .anySatisfy(s -> assertThat(s).startsWith("line 1:"))
                .anySatisfy(s -> assertThat(s).startsWith("line 2:"))
                .anySatisfy(s -> assertThat(s).startsWith("line 3:"));
    }

    @Test
    void aRepeatedKeyCountsByItsFirstOccurrenceWithAWarning() {
        Parsed<MtaStsPolicy> p = MtaStsPolicy.parse(
                "version: STSv1\nmode: testing\nmode: enforce\nmx: a.example.com\nmax_age: 86400\nmax_age: 1\n");

        assertThat(p.value().mode()).isEqualTo(Mode.TESTING);
        assertThat(p.value().maxAge()).isEqualTo(86400);
        assertThat(p.warnings())
                .containsExactly(
                        "line 3: mode is given again; the first, on line 2, counts",
                        "line 6: max_age is given again; the first, on line 5, counts");
    }

    @Test
    void emptyBodyNamesEveryMissingLine() {
        Parsed<MtaStsPolicy> p = MtaStsPolicy.parse("");

        assertThat(p.problems()).hasSize(3);
    }

    @Test
    void controlCharactersInQuotedTextAreShownAsQuestionMarks() {
        Parsed<MtaStsPolicy> p = MtaStsPolicy.parse("version: STSv1\u001b[31m\nmode: none\nmax_age: 1\n");

        assertThat(p.problems())
                .singleElement()
                .asString()
                .contains("'STSv1?[31m'")
                .doesNotContain("\u001b");
    }

    @ParameterizedTest
    @CsvSource({
        "mail.example.com, true",
        "MAIL.Example.COM, true",
        "mail.example.com., true",
        "backupmx.example.com, true",
        "mx1.example.net, true",
        "MX1.EXAMPLE.NET., true",
        "example.net, false",
        "a.mx1.example.net, false",
        "other.example.com, false",
        "mail.example.com.evil.test, false",
        "xmail.example.com, false",
        "example.com, false"
    })
    void coversMatchesExactNamesAndOneLabelWildcards(String mxHost, boolean covered) {
        MtaStsPolicy policy = MtaStsPolicy.parse(RFC_EXAMPLE).value();

        assertThat(policy.covers(mxHost)).isEqualTo(covered);
    }

    @Test
    void patternForNamesTheMatchingPattern() {
        MtaStsPolicy policy = MtaStsPolicy.parse(RFC_EXAMPLE).value();

        assertThat(policy.patternFor("smtp.example.net")).contains("*.example.net");
        assertThat(policy.patternFor("smtp.example.org")).isEmpty();
    }

    @Test
    void patternsFromThePolicyCompareCaseInsensitively() {
        MtaStsPolicy policy = MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: *.Example.NET\nmax_age: 1\n")
                .value();

        assertThat(policy.covers("mx.example.net")).isTrue();
    }
}
