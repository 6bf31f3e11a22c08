package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.probe.Prober;
import dev.mailtls.testing.TestResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets exit 64, a one-line reason and the usage, never a stack trace. */
class MailtlsCliUsageTest {

    record Run(int code, String out, String err) {}

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MailtlsCli(
                        new Prober(TestResolver.loopback(), Clock.systemUTC()),
                        env,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void aMissingHostDomainOrGroupIsSaidInWordsNotAsPicocliLabels() {
        assertThat(run(Map.of(), "probe").err())
                .startsWith("mailtls: probe needs a host to probe, e.g. mailtls probe smtp.gmail.com 587 starttls\n")
                .doesNotContain("WORD");
        assertThat(run(Map.of(), "domain").err())
                .startsWith("mailtls: domain needs a mail domain, e.g. mailtls domain example.com\n");
        assertThat(run(Map.of(), "summary").err())
                .startsWith("mailtls: summary needs the name of a configured group\n");
        assertThat(MailtlsCli.missing("<target>")).isEqualTo("its target");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "probe",
                "probe mail.example.com 70000",
                "probe mail.example.com bogusword",
                "probe https://mail.example.com",
                "probe mail.example.com 587 --timeout banana",
                "probe mail.example.com 587 --tls-version 1.0",
                "probe mail.example.com 587 --user alice",
                "probe mail.example.com 587 --json --markdown",
                "probe mail.example.com 587 --no-such-option",
                "probe mail.example.com 587 --ca-file /nonexistent/ca.pem",
                "probe mail.example.com 587 --ca-file /etc/hostname",
                "probe mail.example.com 587 --sni bad_name.example",
                "probe mail.example.com 587 --ehlo-name bad!name",
                "frobnicate",
            })
    void badUsageExits64WithOneLineReasonAndUsage(String line) {
        Run r = run(Map.of(), line.split(" "));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("mailtls: ").containsIgnoringCase("usage");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void topLevelHelpShowsScanAsAWholeSentence() {
        Run r = run(Map.of(), "--help");
        assertThat(r.code()).isZero();
        String scanLine = r.out()
                .lines()
                .filter(l -> l.strip().startsWith("scan "))
                .findFirst()
                .orElseThrow();
        assertThat(scanLine.strip()).endsWith("host; one matrix.");
        assertThat(r.out()).doesNotContain("each with the\n");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "prob mx.example.com | unknown command 'prob': did you mean probe?",
                "sevre | unknown command 'sevre': did you mean serve?",
                "help prob | unknown command 'prob': did you mean probe?",
                "Probe mx.example.com 25 | unknown command 'Probe': did you mean probe?",
                "probe mx.example.com startls | unknown word 'startls': did you mean starttls?",
                "probe mx.example.com 25 smpt | unknown word 'smpt': did you mean smtp?",
            })
    void aTypoGetsTheClosestWordAndAShortUsage(String line, String reason) {
        Run r = run(Map.of(), line.split(" "));

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).hasSize(3).first().isEqualTo("mailtls: " + reason);
        assertThat(r.err()).contains("\nusage: mailtls ").contains("\nsee mailtls ");
        assertThat(r.out()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void anUnknownCommandFarFromEveryCommandListsThem() {
        Run r = run(Map.of(), "frobnicate");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .startsWith(
                        "mailtls: unknown command 'frobnicate': the commands are probe, domain, provider, scan, summary,"
                                + " serve, healthcheck, token-hash, help\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "probe mail.example.com bogusword",
                "probe mail.example.com 587 --no-such-option",
                "probe mail.example.com 587 --timeout banana",
                "summary",
            })
    void aUsageErrorShowsOneLineOfUsageNotTheWholeHelp(String line) {
        Run r = run(Map.of(), line.split(" "));
        String command = line.split(" ")[0];

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("usage: mailtls " + command + " ");
        assertThat(lines.get(2)).isEqualTo("see mailtls " + command + " --help");
    }

    @org.junit.jupiter.api.Test
    void theProbeUsageLineIsTheGrammar() {
        Run r = run(Map.of(), "probe", "mail.example.com", "bogusword");

        assertThat(r.err())
                .contains("usage: mailtls probe <host> [port] [tls|starttls|plain|auto] [smtp|imap|pop3] [options]\n");
    }

    /** picocli's own behaviour, kept by the handler of usage errors. */
    @ParameterizedTest
    @ValueSource(strings = {"nosuch --help", "nosuch -h", "prob x --help", "--help nosuch"})
    void helpAfterAnUnknownCommandShowsTheTopLevelHelp(String line) {
        Run r = run(Map.of(), line.split(" "));
        Run help = run(Map.of(), "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(help.out()).contains("Commands:").contains("probe");
        assertThat(r.err()).isEmpty();
    }
}
