package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MtaStsRecordTest {

    @Test
    void rfcExampleParses() {
        Parsed<MtaStsRecord> p = MtaStsRecord.parse("v=STSv1; id=20160831085700Z;");

        assertThat(p.status()).isEqualTo(Parsed.Status.VALID);
        assertThat(p.value().id()).isEqualTo("20160831085700Z");
        assertThat(p.text()).isEqualTo("v=STSv1; id=20160831085700Z;");
    }

    @Test
    void spacesAndTabsAroundSeparatorsAndNoTrailingSeparatorAreFine() {
        Parsed<MtaStsRecord> p = MtaStsRecord.parse("v=STSv1 ;\tid=abc123");

        assertThat(p.valid()).isTrue();
        assertThat(p.value().id()).isEqualTo("abc123");
    }

    @Test
    void extensionFieldsAreKeptAndDoNotInvalidate() {
        Parsed<MtaStsRecord> p = MtaStsRecord.parse("v=STSv1; id=1; ext_1.a-b=some!value");

        assertThat(p.valid()).isTrue();
        assertThat(p.value().extensions()).containsExactly(java.util.Map.entry("ext_1.a-b", "some!value"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "v=spf1 -all",
                "id=1; v=STSv1",
                "v=STSv10; id=1",
                "V=STSv1; id=1",
                "v=stsv1; id=1",
                "' v=STSv1; id=1'"
            })
    void recordsNotBeginningWithTheVersionAreOfAnotherKind(String txt) {
        assertThat(MtaStsRecord.parse(txt).status()).isEqualTo(Parsed.Status.ABSENT);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "v=STSv1|the id field is missing",
                "v=STSv1;|the id field is missing",
                "v=STSv1; id=|the id is empty",
                "v=STSv1; id=2016-08-31|holds '-': only letters and digits",
                "v=STSv1; id=123456789012345678901234567890123|is 33 characters long: at most 32",
                "v=STSv1 id=1|must be followed by ';'",
                "v=STSv1;; id=1|an empty field between two ';'",
                "v=STSv1; id = 1|no spaces are allowed around '='",
                "v=STSv1; id=1; nonsense|'nonsense' is not a name=value field",
                "v=STSv1; id=1; _bad=x|'_bad' is not a valid field name",
                "v=STSv1; id=1; ext=a=b|the value of ext must be one or more printable characters"
            })
    void eachProblemIsNamed(String txt, String problem) {
        Parsed<MtaStsRecord> p = MtaStsRecord.parse(txt);

        assertThat(p.status()).isEqualTo(Parsed.Status.INVALID);
        assertThat(p.value()).isNull();
        assertThat(p.problems()).anySatisfy(s -> assertThat(s).contains(problem));
    }

    @Test
    void thirtyTwoCharacterIdIsTheLongestAllowed() {
        assertThat(MtaStsRecord.parse("v=STSv1; id=" + "a".repeat(32)).valid()).isTrue();
    }

    @Test
    void aSecondIdIsAWarningAndTheFirstCounts() {
        Parsed<MtaStsRecord> p = MtaStsRecord.parse("v=STSv1; id=first; id=second");

        assertThat(p.value().id()).isEqualTo("first");
        assertThat(p.warnings()).singleElement().asString().contains("id is given twice");
    }

    @Test
    void selectIgnoresOtherRecords() {
        Parsed<MtaStsRecord> p = MtaStsRecord.select(List.of("v=spf1 -all", "v=STSv1; id=42", "google-site=x"));

        assertThat(p.value().id()).isEqualTo("42");
    }

    @Test
    void selectWithoutAnStsRecordIsAbsent() {
        assertThat(MtaStsRecord.select(List.of("v=spf1 -all")).status()).isEqualTo(Parsed.Status.ABSENT);
        assertThat(MtaStsRecord.select(List.of()).status()).isEqualTo(Parsed.Status.ABSENT);
    }

    @Test
    void twoStsRecordsAreAnErrorEvenWhenBothAreValid() {
        Parsed<MtaStsRecord> p = MtaStsRecord.select(List.of("v=STSv1; id=1", "v=STSv1; id=2"));

        assertThat(p.status()).isEqualTo(Parsed.Status.INVALID);
        assertThat(p.problems())
                .singleElement()
                .asString()
                .contains("2 TXT records start with v=STSv1", "'v=STSv1; id=1'", "'v=STSv1; id=2'", "RFC 8461 §3.1");
    }

    @Test
    void selectReportsTheProblemsOfTheOneRecord() {
        Parsed<MtaStsRecord> p = MtaStsRecord.select(List.of("v=STSv1; id=not-ok"));

        assertThat(p.status()).isEqualTo(Parsed.Status.INVALID);
        assertThat(p.text()).isEqualTo("v=STSv1; id=not-ok");
    }
}
