package dev.mailtls.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeCommandTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "smtp.gmail.com 587 starttls smtp",
                "imap.example.com 993",
                "mail.example.com 2525 plain private fresh auth",
                "mail.example.com 465 tls deep fresh",
                "mx.example.com:25 auto",
                "2001:db8::1 465 tls",
                "pop.example.com"
            })
    void wordsParseBackToTheSameCommand(String text) throws UsageException {
        ProbeCommand c = CommandParser.parse(text);

        assertThat(CommandParser.parse(c.words())).isEqualTo(c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp.gmail.com 587", "mail.example.com 465 tls private"})
    void withFreshAddsTheFlagAndKeepsTheRest(String text) throws UsageException {
        ProbeCommand c = CommandParser.parse(text);

        ProbeCommand fresh = c.with(ProbeCommand.Flag.FRESH);

        assertThat(fresh.has(ProbeCommand.Flag.FRESH)).isTrue();
        assertThat(fresh.flags()).containsAll(c.flags());
        assertThat(fresh.words()).contains(" fresh").startsWith(c.host() + " " + c.port());
    }

    @org.junit.jupiter.api.Test
    void webLinkIsTheFormsOwnLinkWithoutFlags() throws UsageException {
        assertThat(CommandParser.parse("smtp.gmail.com 587 starttls fresh private")
                        .webLink())
                .isEqualTo("/?host=smtp.gmail.com&port=587&transport=starttls&protocol=smtp");
        assertThat(CommandParser.parse("mail.example.com 2525 smtp").webLink())
                .isEqualTo("/?host=mail.example.com&port=2525&transport=auto&protocol=smtp");
        assertThat(CommandParser.parse("2001:db8::1 465 tls smtp").webLink())
                .isEqualTo("/?host=2001%3Adb8%3A%3A1&port=465&transport=tls&protocol=smtp");
    }

    @org.junit.jupiter.api.Test
    void toRequestTurnsTheAuthProbeOnForTheAuthWordOnly() throws UsageException {
        dev.mailtls.probe.ProbeOptions base = dev.mailtls.probe.ProbeOptions.defaults();

        var withAuth = CommandParser.parse("smtp.gmail.com 465 auth").toRequest(base);
        var without = CommandParser.parse("smtp.gmail.com 465 fresh private").toRequest(base);

        assertThat(base.authProbe()).isFalse();
        assertThat(withAuth.options().authProbe()).isTrue();
        assertThat(withAuth.options().credentials()).isNull();
        assertThat(withAuth.options().allowPlaintextAuth()).isFalse();
        assertThat(without.options()).isEqualTo(base);
    }

    @org.junit.jupiter.api.Test
    void theDeepWordMakesADeepProbeWithTheLongerDeadlineUnlessTheOptionsChoseOne() throws UsageException {
        dev.mailtls.probe.ProbeOptions base = dev.mailtls.probe.ProbeOptions.defaults();

        var deep = CommandParser.parse("smtp.gmail.com 465 DEEP").toRequest(base);
        var normal = CommandParser.parse("smtp.gmail.com 465").toRequest(base);
        var chosen = CommandParser.parse("smtp.gmail.com 465 deep")
                .toRequest(base.withDeep(true).withDeadline(java.time.Duration.ofSeconds(30)));

        assertThat(deep.options().deep()).isTrue();
        assertThat(deep.options().deadline()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(normal.options()).isEqualTo(base);
        assertThat(chosen.options().deadline()).isEqualTo(java.time.Duration.ofSeconds(30));
        // Deep and normal probes of a target are cached apart.
        assertThat(deep).isNotEqualTo(normal);
        assertThat(CommandParser.parse("smtp.gmail.com 465 tls deep").webLink())
                .isEqualTo("/?host=smtp.gmail.com&port=465&transport=tls&protocol=smtp&deep=on");
    }

    @org.junit.jupiter.api.Test
    void toRequestKeepsOptionsThatAlreadyProbeAuth() throws UsageException {
        dev.mailtls.probe.ProbeOptions asked =
                dev.mailtls.probe.ProbeOptions.defaults().withAuthProbe(true, null, true);

        var request = CommandParser.parse("mail.example.com 587 auth").toRequest(asked);

        assertThat(request.options()).isEqualTo(asked);
    }
}
