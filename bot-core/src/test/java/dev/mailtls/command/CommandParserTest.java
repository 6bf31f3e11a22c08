package dev.mailtls.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
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

    @ParameterizedTest
    @CsvSource({
        "192.0.2.2 25 auto auto, 25, , SMTP",
        "192.0.2.2 465 tls auto, 465, TLS, SMTP",
        "192.0.2.2 10025 auto smtp, 10025, , SMTP",
        "192.0.2.2 10025 auto, 10025, , ",
        "mail.example.com 143 starttls auto, 143, STARTTLS, IMAP",
    })
    void autoMeansNotGivenForTheTransportAndTheProtocol(String text, int port, Transport transport, Protocol protocol)
            throws UsageException {
        // The web form sends transport=auto and protocol=auto by default (issue 11, item 1).
        ProbeCommand c = CommandParser.parse(text);
        assertThat(c.port()).isEqualTo(port);
        assertThat(c.transport()).isEqualTo(transport);
        assertThat(c.protocol()).isEqualTo(protocol);
    }

    @Test
    void autoMoreThanOnceForEachFieldIsRefused() {
        assertThatThrownBy(() -> CommandParser.parse("192.0.2.2 25 auto auto auto"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'auto' given more than twice");
    }

    @Test
    void unknownPortWithoutProtocolLeavesItToTheGreeting() throws UsageException {
        ProbeCommand c = CommandParser.parse("mail.example.com 10025");
        assertThat(c.protocol()).isNull();
        assertThat(c.transport()).isNull();
    }

    @Test
    void aFallbackProtocolAppliesOnlyWhenNothingTellsTheProtocol() throws UsageException {
        // The HTTP API's {"host": ...} alone: SMTP on its default port, submission with STARTTLS.
        ProbeCommand bare = CommandParser.parse(java.util.List.of("mail.example.com"), Protocol.SMTP);
        assertThat(bare.port()).isEqualTo(587);
        assertThat(bare.protocol()).isEqualTo(Protocol.SMTP);
        ProbeCommand tls = CommandParser.parse(java.util.List.of("mail.example.com", "tls"), Protocol.SMTP);
        assertThat(tls.port()).isEqualTo(465);
        // A host name, a port or a protocol word still decides.
        assertThat(CommandParser.parse(java.util.List.of("imap.example.com"), Protocol.SMTP)
                        .protocol())
                .isEqualTo(Protocol.IMAP);
        assertThat(CommandParser.parse(java.util.List.of("mail.example.com", "pop3"), Protocol.SMTP)
                        .port())
                .isEqualTo(995);
        assertThat(CommandParser.parse(java.util.List.of("mail.example.com", "10025"), Protocol.SMTP)
                        .protocol())
                .isNull();
        // Without a fallback (chat, the CLI) it stays a usage error.
        assertThatThrownBy(() -> CommandParser.parse(java.util.List.of("mail.example.com")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no port given");
    }

    @Test
    void flagsAreCollected() throws UsageException {
        ProbeCommand c = CommandParser.parse("smtp.gmail.com 465 auth fresh private deep");
        assertThat(c.flags())
                .containsExactlyInAnyOrder(
                        ProbeCommand.Flag.AUTH,
                        ProbeCommand.Flag.FRESH,
                        ProbeCommand.Flag.PRIVATE,
                        ProbeCommand.Flag.DEEP);
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

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mx.example.com \uFF12\uFF15", // full-width 25
                "mx.example.com \u0662\u0665", // Arabic-Indic 25
                "mx.example.com:\uFF12\uFF15",
                "[::1]:\u06F2\u06F5",
                "mx.example.com 5\uD835\uDFE8\uD835\uDFE9" // mathematical bold 8 and 7
            })
    void portsAreAsciiDigitsOnly(String text) {
        assertThatThrownBy(() -> CommandParser.parse(text))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("port");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u0661\u0662\u0667.0.0.1 25", // Arabic-Indic 127
                "\uFF11\uFF12\uFF17.0.0.1 25",
                "[::\uFF11] 25",
                "mail.\u212Aexample.com 25", // the Kelvin sign lower-cases to an ASCII k
                "smtp.gm\u0430il.com 587" // Cyrillic a
            })
    void hostsAreAsciiOnly(String text) {
        assertThatThrownBy(() -> CommandParser.parse(text))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("not ASCII");
    }

    @Test
    void anAsciiPortStillParses() throws UsageException {
        assertThat(CommandParser.parse("mx.example.com 2525").port()).isEqualTo(2525);
        assertThat(CommandParser.parse("xn--mnchen-3ya.example 25").host()).isEqualTo("xn--mnchen-3ya.example");
    }

    @ParameterizedTest
    @CsvSource({
        "mx.example.com 587 startls, starttls",
        "mx.example.com 587 starttsl, starttls",
        "mx.example.com 25 smpt, smtp",
        "mail.example.com 993 imapp, imap",
        "mail.example.com 587 frseh, fresh",
        "mail.example.com 465 depe, deep",
        "mail.example.com 465 deeep, deep",
    })
    void anUnknownWordCloseToAKnownOneSaysWhichItMayBe(String text, String word) {
        assertThatThrownBy(() -> CommandParser.parse(text))
                .isInstanceOf(UsageException.class)
                .hasMessageEndingWith(": did you mean " + word + "?")
                .hasMessageStartingWith("unknown word '");
    }

    @Test
    void anUnknownWordFarFromEveryKnownOneListsWhatIsExpected() {
        assertThatThrownBy(() -> CommandParser.parse("mx.example.com 25 banana"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown word 'banana': expected a port, a transport (tls, starttls, plain, auto) or a"
                        + " protocol (smtp, imap, pop3)");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("knownWords")
    void everyWordSuggestedIsAWordTheGrammarTakes(String word) throws UsageException {
        // What "did you mean" offers must parse; the port gives no transport or protocol to clash with.
        assertThat(CommandParser.parse("mx.example.com 2526 " + word).host()).isEqualTo("mx.example.com");
    }

    static java.util.stream.Stream<String> knownWords() {
        return CommandParser.WORDS.stream();
    }
}
