package dev.mailtls.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.target.Protocol;
import dev.mailtls.target.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    @Test
    void fullCommandIsParsed() throws UsageException {
        ProbeCommand c = CommandParser.parse("smtp.gmail.com 587 starttls");
        assertThat(c.host()).isEqualTo("smtp.gmail.com");
        assertThat(c.port()).isEqualTo(587);
        assertThat(c.transport()).isEqualTo(Transport.STARTTLS);
        assertThat(c.protocol()).isEqualTo(Protocol.SMTP);
    }

    @ParameterizedTest
    @CsvSource({
        "mx.example.com 465 ssl, 465, TLS, SMTP",
        "mail.example.com 993 implicit, 993, TLS, IMAP",
        "mail.example.com 995, 995, , POP3",
        "mail.example.com smtps, 465, TLS, SMTP",
        "mail.example.com imaps, 993, TLS, IMAP",
        "mail.example.com 110 none, 110, PLAIN, POP3",
        "imap.example.com, 993, , IMAP",
        "pop.example.com, 995, , POP3",
        "smtp.example.com, 587, , SMTP",
        "mail.example.com:2525 auto, 2525, , SMTP",
        "MAIL.Example.COM. IMAP 143 STARTTLS, 143, STARTTLS, IMAP",
        "10.0.0.1 4465 tls smtp, 4465, TLS, SMTP",
        "[2001:db8::1]:25, 25, , SMTP",
    })
    void aliasesAndInferenceGiveTheTarget(String text, int port, Transport transport, Protocol protocol)
            throws UsageException {
        ProbeCommand c = CommandParser.parse(text);
        assertThat(c.port()).isEqualTo(port);
        assertThat(c.transport()).isEqualTo(transport);
        assertThat(c.protocol()).isEqualTo(protocol);
    }

    @Test
    void unknownPortWithoutProtocolLeavesItToTheGreeting() throws UsageException {
        ProbeCommand c = CommandParser.parse("mail.example.com 10025");
        assertThat(c.protocol()).isNull();
        assertThat(c.transport()).isNull();
    }

    @Test
    void flagsAreCollected() throws UsageException {
        ProbeCommand c = CommandParser.parse("smtp.gmail.com 465 auth fresh private");
        assertThat(c.flags())
                .containsExactlyInAnyOrder(ProbeCommand.Flag.AUTH, ProbeCommand.Flag.FRESH, ProbeCommand.Flag.PRIVATE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "mail.example.com 0",
                "mail.example.com 70000",
                "mail.example.com 587 588",
                "mail.example.com tls starttls",
                "mail.example.com smtp imap",
                "mail.example.com bogus",
                "https://mail.example.com",
                "mail..example.com 25",
                "mail.example.com",
                "bad_host!.com 25",
                "2130706433 25",
                "-rf 25",
                "0177.0.0.1 25",
                "127.0.0.01 25",
                "0x7f.0.0.1 25",
                "0x7f000001 25",
                "127.1 25",
                "mail.example.0x1 25"
            })
    void badInputGivesAOneLineReason(String text) {
        assertThatThrownBy(() -> CommandParser.parse(text))
                .isInstanceOf(UsageException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").isNotBlank());
    }
}
