package dev.mailtls.card;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.LegacyTlsResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReproduceCommandTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "smtp.gmail.com | 465 | SMTP | TLS | openssl s_client -connect smtp.gmail.com:465 -servername smtp.gmail.com",
                "smtp.gmail.com | 587 | SMTP | STARTTLS | openssl s_client -connect smtp.gmail.com:587 -servername smtp.gmail.com -starttls smtp",
                "imap.example.com | 143 | IMAP | STARTTLS | openssl s_client -connect imap.example.com:143 -servername imap.example.com -starttls imap",
                "pop.example.com | 110 | POP3 | STARTTLS | openssl s_client -connect pop.example.com:110 -servername pop.example.com -starttls pop3",
                "192.0.2.10 | 993 | IMAP | TLS | openssl s_client -connect 192.0.2.10:993",
                "2001:db8::1 | 25 | SMTP | STARTTLS | openssl s_client -connect '[2001:db8::1]:25' -starttls smtp",
                "mx.example.com | 25 | SMTP | PLAIN | nc -C mx.example.com 25",
                "2001:db8::1 | 110 | POP3 | PLAIN | nc -C 2001:db8::1 110",
            })
    void commandMatchesTheTransport(String host, int port, Protocol protocol, Transport transport, String expected) {
        assertThat(ReproduceCommand.of(new Target(host, port, protocol, transport)))
                .isEqualTo(expected);
    }

    @Test
    void explicitSniIsUsed() {
        Target t = new Target("192.0.2.10", 465, Protocol.SMTP, Transport.TLS);

        assertThat(ReproduceCommand.of(t, "mail.example.com"))
                .isEqualTo("openssl s_client -connect 192.0.2.10:465 -servername mail.example.com");
    }

    @Test
    void unknownProtocolCannotChooseAStartTlsDialect() {
        Target t = new Target("mail.example.com", 10025, null, Transport.STARTTLS);

        assertThat(ReproduceCommand.of(t)).isEqualTo("nc -C mail.example.com 10025");
    }

    @Test
    void oddHostNamesAreQuotedForTheShell() {
        Target t = new Target("evil;rm -rf ~", 465, Protocol.SMTP, Transport.TLS);

        assertThat(ReproduceCommand.of(t))
                .isEqualTo("openssl s_client -connect 'evil;rm -rf ~:465' -servername 'evil;rm -rf ~'");
    }

    @Test
    void aCaFileIsPassedToOpensslAsCaFile() {
        ProbeResult r = ProbeResults.healthySubmission()
                .options(ProbeOptions.defaults().withCaFile(Path.of("/etc/mail/internal ca.pem")))
                .build();

        assertThat(ReproduceCommand.of(r, true))
                .isEqualTo("openssl s_client -connect smtp.gmail.com:587 -servername smtp.gmail.com -starttls smtp"
                        + " -CAfile '/etc/mail/internal ca.pem'");
    }

    @Test
    void aChannelOrWebReaderNeverSeesTheServersCaPath() {
        // Issue 11, item 7: the operator's file paths stay out of channels and the web page.
        ProbeResult r = ProbeResults.healthySubmission()
                .options(ProbeOptions.defaults().withCaFile(Path.of("/etc/mailtls/secret-dir/ca.pem")))
                .build();
        Report report = Report.of(r, new Diagnoser());
        for (TryCommand.Form form : new TryCommand.Form[] {
            TryCommand.Form.slashCommand("/mailtls"), t -> "other " + t.words(), TryCommand.Form.WEB
        }) {
            assertThat(Card.of(report, form).reproduceCommand())
                    .endsWith(" -CAfile operator-ca.pem")
                    .doesNotContain("/etc/mailtls");
        }
        assertThat(new JsonRenderer(false).tree(report).get("reproduceCommand").asText())
                .doesNotContain("/etc/mailtls");
        assertThat(new JsonRenderer(false, true)
                        .tree(report)
                        .get("reproduceCommand")
                        .asText())
                .endsWith(" -CAfile /etc/mailtls/secret-dir/ca.pem");
        assertThat(Card.of(report).reproduceCommand()).endsWith(" -CAfile /etc/mailtls/secret-dir/ca.pem");
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.1, -tls1_1", "TLSv1, -tls1"})
    void anAcceptedLegacyVersionIsOfferedAloneAtOpensslsSecurityLevelZero(String version, String flag) {
        ProbeResult r = ProbeResults.withLegacy(
                ProbeResults.healthyImplicitTls(Protocol.IMAP).build(),
                LegacyTlsResult.accepted(version, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "accepted"));

        assertThat(ReproduceCommand.of(r, true)).endsWith(" " + flag + " -cipher 'DEFAULT:@SECLEVEL=0'");
        // The card and the JSON show the same line.
        Report report = Report.of(r, new Diagnoser());
        assertThat(Card.of(report).reproduceCommand()).isEqualTo(ReproduceCommand.of(r, true));
        assertThat(new JsonRenderer().tree(report).get("reproduceCommand").asText())
                .isEqualTo(ReproduceCommand.of(r, true));
    }

    @Test
    void aRefusedLegacyVersionAddsNoVersionFlag() {
        ProbeResult r = ProbeResults.withLegacy(
                ProbeResults.healthyImplicitTls(Protocol.IMAP).build(), LegacyTlsResult.refused("refused"));

        assertThat(ReproduceCommand.of(r, true)).doesNotContain("-tls1", "SECLEVEL", "-CAfile");
    }

    @Test
    void aPinnedVersionIsOfferedAloneToo() {
        ProbeResult r = ProbeResults.healthySubmission()
                .options(ProbeOptions.defaults().withTlsVersion("TLSv1.2"))
                .build();

        assertThat(ReproduceCommand.of(r, true)).endsWith(" -starttls smtp -tls1_2");
    }

    @Test
    void plaintextStaysNetcatWhateverTheOptions() {
        ProbeResult r = ProbeResults.builder("mx.example.com", 25, Protocol.SMTP, Transport.PLAIN)
                .options(ProbeOptions.defaults().withCaFile(Path.of("ca.pem")))
                .noTls()
                .build();

        assertThat(ReproduceCommand.of(r, true)).isEqualTo("nc -C mx.example.com 25");
    }
}
