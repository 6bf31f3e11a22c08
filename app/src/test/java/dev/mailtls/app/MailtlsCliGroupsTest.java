package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.probe.Prober;
import dev.mailtls.testing.TestResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code provider} and {@code scan} from the CLI, offline: the test resolver knows none of the
 * names, so every target fails fast at DNS and the matrix and the exit code show it.
 */
@Timeout(60)
class MailtlsCliGroupsTest {
    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MailtlsCli(
                        new Prober(TestResolver.loopback(), Clock.systemUTC()),
                        Map.of(),
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aProviderPresetProbesItsPublishedEndpointsAsOneMatrix() {
        Run r = run("provider", "gmail");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out())
                .contains("smtp.gmail.com")
                .contains("imap.gmail.com")
                .contains("993")
                .contains("587");
    }

    @Test
    void eachRowOfTheMatrixSaysWhyItFailedSoNoNameReadsAsTheProvidersFault() {
        Run r = run("provider", "gmail");
        assertThat(r.out())
                .containsPattern(
                        "smtp\\.gmail\\.com +587 .*failure +— +— +DNS_NOT_FOUND smtp\\.gmail\\.com does not exist in DNS")
                .containsPattern(
                        "imap\\.gmail\\.com +993 .*failure +— +— +DNS_NOT_FOUND imap\\.gmail\\.com does not exist in DNS");
        Run md = run("scan", "mx.nothing.test", "--markdown");
        assertThat(md.out()).contains("| ❌ failure | — | — | `DNS_NOT_FOUND` mx.nothing.test does not exist in DNS |");
    }

    @Test
    void anAliasWorksAndAnUnknownProviderIsAUsageError() {
        assertThat(run("provider", "office365").out()).contains("outlook.office365.com");
        Run bad = run("provider", "aol");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("unknown provider 'aol'").contains("gmail");
    }

    @Test
    void aScanProbesTheSevenStandardPortsAsJson() {
        Run r = run("scan", "mx.nothing.test", "--json");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        for (String port : new String[] {"25", "465", "587", "143", "993", "110", "995"}) {
            assertThat(r.out()).contains("\"mx.nothing.test " + port);
        }
        assertThat(r.out()).contains("\"status\" : \"failure\"");
    }

    @Test
    void aScanOfSomethingThatIsNotAHostIsAUsageError() {
        Run r = run("scan", "https://mail.example.com");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("give a host name, not a URL");
    }
}
