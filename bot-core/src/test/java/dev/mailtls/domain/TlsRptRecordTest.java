package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsRptRecordTest {

    @Test
    void rfcMailtoExampleParses() {
        Parsed<TlsRptRecord> p = TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:reports@example.com");

        assertThat(p.status()).isEqualTo(Parsed.Status.VALID);
        assertThat(p.value().rua()).containsExactly("mailto:reports@example.com");
    }

    @Test
    void rfcHttpsExampleParses() {
        Parsed<TlsRptRecord> p = TlsRptRecord.parse("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt");

        assertThat(p.value().rua()).containsExactly("https://reporting.example.com/v1/tlsrpt");
    }

    @Test
    void severalUrisSeparatedByCommasWithOptionalSpaces() {
        Parsed<TlsRptRecord> p =
                TlsRptRecord.parse("v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.com/x;ext=1");

        assertThat(p.value().rua()).containsExactly("mailto:a@example.com", "https://r.example.com/x");
        assertThat(p.value().extensions()).containsEntry("ext", "1");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "v=TLSRPTv1|the rua field is missing",
                "v=TLSRPTv1; rua=http://r.example.com/|uses http: only mailto: and https: are valid",
                "v=TLSRPTv1; rua=ftp://r.example.com/|uses ftp: only mailto: and https: are valid",
                "v=TLSRPTv1; rua=reports@example.com|has no scheme",
                "v=TLSRPTv1; rua=mailto:|'mailto:' is not a valid URI",
                "v=TLSRPTv1; rua=mailto:nobody|names no mail address",
                "v=TLSRPTv1; rua=https:/nohost|names no host",
                "v=TLSRPTv1; rua=mailto:a@example.com,,mailto:b@example.com|an empty report URI",
                "v=TLSRPTv1; rua=https://r.example.com/a b|is not a valid URI",
                "v=TLSRPTv1 rua=mailto:a@example.com|must be followed by ';'",
                "v=TLSRPTv1; rua=mailto:a@example.com; junk|'junk' is not a name=value field"
            })
    void eachProblemIsNamed(String txt, String problem) {
        Parsed<TlsRptRecord> p = TlsRptRecord.parse(txt);

        assertThat(p.status()).isEqualTo(Parsed.Status.INVALID);
        assertThat(p.problems()).anySatisfy(s -> assertThat(s).contains(problem));
    }

    @Test
    void oneBadUriAmongGoodOnesMakesTheRecordInvalid() {
        Parsed<TlsRptRecord> p =
                TlsRptRecord.parse("v=TLSRPTv1; rua=mailto:ok@example.com,http://insecure.example.com/r");

        assertThat(p.valid()).isFalse();
        assertThat(p.problems()).singleElement().asString().contains("'http://insecure.example.com/r'");
    }

    @Test
    void otherRecordsAreIgnoredAndAbsenceIsJustNone() {
        assertThat(TlsRptRecord.parse("v=spf1 -all").status()).isEqualTo(Parsed.Status.ABSENT);
        assertThat(TlsRptRecord.select(List.of("v=spf1 -all")).status()).isEqualTo(Parsed.Status.ABSENT);
        assertThat(TlsRptRecord.select(List.of()).problems()).isEmpty();
    }

    @Test
    void twoTlsRptRecordsAreAnError() {
        Parsed<TlsRptRecord> p = TlsRptRecord.select(
                List.of("v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:b@example.com"));

        assertThat(p.status()).isEqualTo(Parsed.Status.INVALID);
        assertThat(p.problems()).singleElement().asString().contains("2 TXT records start with v=TLSRPTv1");
    }

    @Test
    void selectPicksTheOneRecord() {
        Parsed<TlsRptRecord> p =
                TlsRptRecord.select(List.of("v=STSv1; id=1", "v=TLSRPTv1; rua=mailto:tls@example.com"));

        assertThat(p.value().rua()).containsExactly("mailto:tls@example.com");
    }
}
