package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.command.ProbeCommand;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderPresetsTest {

    static List<String> names() {
        return ProviderPresets.names();
    }

    @Test
    void presetsCoverTheProvidersOfTheIssue() {
        assertThat(ProviderPresets.names()).containsExactly("gmail", "outlook", "yahoo", "icloud", "fastmail", "zoho");
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyPresetTargetParsesWithAnExplicitProtocolAndTransport(String name) throws Exception {
        TargetGroup group = ProviderPresets.preset(name).orElseThrow();

        List<ProbeCommand> commands = group.commands();
        assertThat(commands).hasSameSizeAs(group.targets()).isNotEmpty();
        assertThat(commands).allSatisfy(c -> {
            assertThat(c.protocol()).isNotNull();
            assertThat(c.transport()).isNotNull();
            // RFC 8314: implicit TLS on 465/993/995, STARTTLS on submission.
            assertThat(c.transport()).isEqualTo(c.port() == 587 ? Transport.STARTTLS : Transport.TLS);
        });
        assertThat(group.name()).isEqualTo("provider-" + name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyPresetHasSubmissionAndImap(String name) throws Exception {
        List<ProbeCommand> commands = ProviderPresets.preset(name).orElseThrow().commands();

        assertThat(commands).anySatisfy(c -> assertThat(c.protocol()).isEqualTo(Protocol.SMTP));
        assertThat(commands).anySatisfy(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.IMAP);
            assertThat(c.port()).isEqualTo(993);
        });
    }

    @Test
    void gmailHasBothSubmissionPortsImapAndPop() {
        assertThat(ProviderPresets.preset("gmail").orElseThrow().targets())
                .containsExactly(
                        "smtp.gmail.com 587 starttls smtp",
                        "smtp.gmail.com 465 tls smtp",
                        "imap.gmail.com 993 tls imap",
                        "pop.gmail.com 995 tls pop3");
    }

    @Test
    void icloudHasNoPop3() throws Exception {
        assertThat(ProviderPresets.preset("icloud").orElseThrow().commands())
                .noneMatch(c -> c.protocol() == Protocol.POP3);
    }

    @Test
    void outlookUsesOffice365Endpoints() {
        assertThat(ProviderPresets.preset("outlook").orElseThrow().targets())
                .contains(
                        "smtp.office365.com 587 starttls smtp",
                        "outlook.office365.com 993 tls imap",
                        "outlook.office365.com 995 tls pop3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"office365", "microsoft365", "hotmail", "Outlook", " OFFICE365 "})
    void aliasesAndCaseNameTheOutlookPreset(String alias) {
        assertThat(ProviderPresets.preset(alias))
                .contains(ProviderPresets.preset("outlook").orElseThrow());
        assertThat(ProviderPresets.canonicalName(alias)).contains("outlook");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aol", "gmail.com", "provider-gmail"})
    void unknownNamesHaveNoPreset(String name) {
        assertThat(ProviderPresets.preset(name)).isEmpty();
    }

    @Test
    void aliasesPointAtKnownProviders() {
        assertThat(ProviderPresets.aliases()).containsOnlyKeys("office365", "microsoft365", "hotmail");
        assertThat(ProviderPresets.names())
                .containsAll(ProviderPresets.aliases().values());
    }
}
