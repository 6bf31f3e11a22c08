package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.command.UsageException;
import org.junit.jupiter.api.Test;

class GroupCommandTest {

    @Test
    void probeCommandsAreNotGroupCommands() throws Exception {
        assertThat(GroupCommand.parse("smtp.gmail.com 587")).isEmpty();
        assertThat(GroupCommand.parse("scanner.example.com")).isEmpty();
        assertThat(GroupCommand.parse("")).isEmpty();
    }

    @Test
    void providerRunsThePresetAndSaysWhichProtocolsItChecks() throws Exception {
        GroupCommand c = GroupCommand.parse("provider Gmail").orElseThrow();

        assertThat(c.group()).isEqualTo(ProviderPresets.preset("gmail").orElseThrow());
        assertThat(c.checking()).isEqualTo("Checking gmail's SMTP, IMAP and POP3 endpoints");
        assertThat(c.isPrivate()).isFalse();
    }

    @Test
    void aliasIsCheckedUnderItsProvidersNameAndPrivateIsHonoured() throws Exception {
        GroupCommand c = GroupCommand.parse("provider office365 private").orElseThrow();

        assertThat(c.group().name()).isEqualTo("provider-outlook");
        assertThat(c.isPrivate()).isTrue();
        assertThat(GroupCommand.parse("provider icloud").orElseThrow().checking())
                .isEqualTo("Checking icloud's SMTP and IMAP endpoints");
    }

    @Test
    void unknownProviderListsTheProvidersAndAliases() {
        assertThatThrownBy(() -> GroupCommand.parse("provider aol"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown provider 'aol'")
                .hasMessageContaining("gmail, outlook, yahoo, icloud, fastmail, zoho")
                .hasMessageContaining("office365 → outlook");
        assertThatThrownBy(() -> GroupCommand.parse("provider")).hasMessageContaining("provider takes one name");
    }

    @Test
    void scanRunsTheHostsStandardPorts() throws Exception {
        GroupCommand c = GroupCommand.parse("scan Mail.Example.com private").orElseThrow();

        assertThat(c.group()).isEqualTo(HostScan.of("mail.example.com"));
        assertThat(c.checking()).isEqualTo("Scanning the mail ports of mail.example.com");
        assertThat(c.isPrivate()).isTrue();
    }

    @Test
    void badScanHostGivesTheGrammarsError() {
        assertThatThrownBy(() -> GroupCommand.parse("scan mail.example.com 25"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("scan takes one host name");
        assertThatThrownBy(() -> GroupCommand.parse("scan")).hasMessageContaining("missing host");
    }
}
