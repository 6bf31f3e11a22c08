package dev.mailtls.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupCommand;
import dev.mailtls.summary.TargetGroup;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chat use case over a scripted SMTP server on loopback, reached as {@code mail.test}. */
@Timeout(60)
class ChatCommandsTest {
    private static final Set<Integer> ANY_PORT =
            IntStream.rangeClosed(1, 65535).boxed().collect(Collectors.toUnmodifiableSet());
    private static final Rate LOTS = new Rate(10_000, Duration.ofMinutes(1));
    private static final ProbeOptions OPTIONS =
            ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false);

    private final ScriptedMailServer server =
            ScriptedMailServer.builder(Protocol.SMTP).advertiseStartTls(false).start();
    private ProbeService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        server.close();
    }

    private ChatCommands chat(boolean allowLoopback, Rate perRequesterFresh) {
        Prober prober = allowLoopback
                ? new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC())
                : new Prober(
                        TestResolver.loopback("mail.test"),
                        Clock.systemUTC(),
                        AddressPolicy.strict(List.of(), List.of(), ANY_PORT));
        service = new ProbeService(
                prober, new ServiceLimits(Duration.ofMinutes(5), 4, 16, LOTS, perRequesterFresh, LOTS, LOTS));
        return new ChatCommands(service, new Diagnoser(), OPTIONS);
    }

    private ChatCommands open() {
        return chat(true, LOTS);
    }

    private ProbeCommand command(String flags) throws Exception {
        return CommandParser.parse("mail.test " + server.port() + " plain smtp " + flags);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "help", " HELP "})
    void emptyTextOrHelpIsHelp(String text) {
        assertThat(ChatCommands.read(text)).isInstanceOf(ChatAsk.Help.class);
    }

    @Test
    void wordsOfTheGrammarAreOneProbeWithTheirFlags() {
        ChatAsk ask = ChatCommands.read("smtp.gmail.com 465 tls fresh auth private");

        assertThat(ask).isInstanceOfSatisfying(ChatAsk.Probe.class, p -> {
            assertThat(p.command().host()).isEqualTo("smtp.gmail.com");
            assertThat(p.command().port()).isEqualTo(465);
            assertThat(p.fresh()).isTrue();
            assertThat(p.isPrivate()).isTrue();
            assertThat(p.command().has(ProbeCommand.Flag.AUTH)).isTrue();
        });
    }

    @Test
    void aProbeThatDoesNotParseIsAUsageErrorOfTheProbeForm() {
        assertThat(ChatCommands.read("smtp.gmail.com 587 starttsl"))
                .isEqualTo(new ChatAsk.Usage("unknown word 'starttsl': did you mean starttls?", ChatAsk.Form.PROBE));
    }

    @Test
    void providerAndScanAreGroups() {
        assertThat(ChatCommands.read("provider gmail")).isInstanceOfSatisfying(ChatAsk.Group.class, g -> {
            assertThat(g.command().group().name()).isEqualTo("provider-gmail");
            assertThat(g.isPrivate()).isFalse();
        });
        assertThat(ChatCommands.read("scan mail.example.com private"))
                .isInstanceOfSatisfying(
                        ChatAsk.Group.class, g -> assertThat(g.isPrivate()).isTrue());
    }

    /** Slack refused "provider gmail fresh" ("provider takes one name"); Discord allowed its fresh option. */
    @Test
    void freshIsAllowedAndImpliedInAGroup() {
        assertThat(ChatCommands.read("provider gmail fresh"))
                .isInstanceOfSatisfying(
                        ChatAsk.Group.class,
                        g -> assertThat(g.command().group().name()).isEqualTo("provider-gmail"));
        assertThat(ChatCommands.read("scan mail.example.com FRESH private"))
                .isInstanceOfSatisfying(ChatAsk.Group.class, g -> {
                    assertThat(g.isPrivate()).isTrue();
                    assertThat(g.command().checking()).endsWith("mail.example.com");
                });
    }

    @Test
    void aHostNamedFreshIsStillAProbe() {
        assertThat(ChatCommands.read("fresh 25"))
                .isInstanceOfSatisfying(
                        ChatAsk.Probe.class, p -> assertThat(p.command().host()).isEqualTo("fresh"));
    }

    @Test
    void aTypedOptionIsOneWordEvenWithASpaceInIt() {
        assertThat(ChatCommands.read(List.of("not a host"))).isInstanceOfSatisfying(ChatAsk.Usage.class, u -> {
            assertThat(u.form()).isEqualTo(ChatAsk.Form.PROBE);
            assertThat(u.message()).contains("is not a host name or IP address");
        });
        assertThat(ChatCommands.read(List.of("provider gmail", "fresh"))).isInstanceOf(ChatAsk.Group.class);
    }

    @Test
    void anUnknownProviderIsAUsageErrorOfTheGroupForm() {
        assertThat(ChatCommands.read("provider nosuchmail")).isInstanceOfSatisfying(ChatAsk.Usage.class, u -> {
            assertThat(u.form()).isEqualTo(ChatAsk.Form.GROUP);
            assertThat(u.message()).contains("unknown provider 'nosuchmail'");
        });
    }

    @Test
    void aRerunIsAlwaysFreshAndRefusesWhatDoesNotParse() {
        assertThat(ChatCommands.rerun("smtp.gmail.com 587 private")).isInstanceOfSatisfying(ChatAsk.Probe.class, p -> {
            assertThat(p.fresh()).isTrue();
            assertThat(p.isPrivate()).isTrue();
        });
        assertThat(ChatCommands.rerun("<!channel> 25"))
                .isInstanceOfSatisfying(
                        ChatAsk.Usage.class, u -> assertThat(u.form()).isEqualTo(ChatAsk.Form.RERUN));
        assertThat(ChatCommands.rerun("provider gmail")).isInstanceOf(ChatAsk.Usage.class);
    }

    @Test
    void aProbeIsACardAndASecondOneComesFromTheCache() throws Exception {
        ChatCommands chat = open();

        ChatAnswer first = chat.probe(command(""), "slack:T1:U1");
        ChatAnswer second = chat.probe(command("private"), "slack:T1:U2");

        assertThat(first).isInstanceOfSatisfying(ChatAnswer.Card.class, c -> {
            assertThat(c.cachedAge()).isNull();
            assertThat(c.report().result().target().port()).isEqualTo(server.port());
            assertThat(c.report().result().auth()).isNull();
        });
        assertThat(second).isInstanceOfSatisfying(ChatAnswer.Card.class, c -> {
            assertThat(c.cachedAge()).isNotNull();
            assertThat(c.command().has(ProbeCommand.Flag.PRIVATE)).isTrue();
        });
    }

    @Test
    void authRunsTheAuthProbe() throws Exception {
        ChatAnswer answer = open().probe(command("auth"), "discord:7:42");

        assertThat(answer)
                .isInstanceOfSatisfying(
                        ChatAnswer.Card.class,
                        c -> assertThat(c.report().result().auth())
                                .isNotNull()
                                .extracting(AuthOutcome::verdict)
                                .isEqualTo(AuthOutcome.Verdict.SKIPPED_PLAINTEXT));
    }

    @Test
    void aThrottledFreshProbeSaysWhenAndThatTheCacheIsNotLimited() throws Exception {
        ChatCommands chat = chat(true, new Rate(1, Duration.ofHours(1)));
        chat.probe(command("fresh"), "slack:T1:U1");

        ChatAnswer answer = chat.probe(command("fresh"), "slack:T1:U1");

        assertThat(answer).isInstanceOfSatisfying(ChatAnswer.Throttled.class, t -> {
            assertThat(t.fresh()).isTrue();
            assertThat(t.message()).matches(".*: try again in \\d+ s");
            assertThat(t.retryAfterSeconds()).isPositive();
        });
        assertThat(ChatAnswer.Throttled.FRESH_ADVICE).contains("`fresh`");
    }

    @Test
    void theAddressPolicyIsADenialWithItsReasonAndFixNotACard() throws Exception {
        ChatAnswer answer = chat(false, LOTS).probe(command(""), "slack:T1:U1");

        assertThat(answer).isInstanceOfSatisfying(ChatAnswer.Denied.class, d -> {
            assertThat(d.summary()).isNotBlank();
            assertThat(d.fix()).isNotBlank();
            assertThat(d.text()).isEqualTo(d.summary() + " " + d.fix());
        });
    }

    @Test
    void mailtlsFailingOnItsSideIsAFailureNamingTheTarget() throws Exception {
        ChatCommands chat = open();
        service.close(); // nothing can run: the service throws, as broken infrastructure does

        ChatAnswer answer = chat.probe(command(""), "slack:T1:U1");

        assertThat(answer).isEqualTo(new ChatAnswer.Failed("mail.test:" + server.port()));
    }

    @Test
    void aGroupIsOneMatrixOfItsTargets() throws Exception {
        ChatCommands chat = open();
        TargetGroup group = new TargetGroup(
                "loop", List.of("mail.test " + server.port() + " plain smtp", "mail.test:" + server.port() + " smtp"));

        ChatAnswer answer = chat.group(new GroupCommand(group, "Checking loop", false));

        assertThat(answer).isInstanceOfSatisfying(ChatAnswer.Matrix.class, m -> {
            assertThat(m.summary().run().trigger()).isEqualTo(ChatCommands.TRIGGER);
            assertThat(m.summary().run().snapshots()).hasSize(2);
        });
    }

    @Test
    void aGroupThatCannotRunIsAFailureNamingTheGroup() throws Exception {
        ChatCommands chat = open();
        service.close();
        TargetGroup group = new TargetGroup("loop", List.of("mail.test " + server.port() + " plain smtp"));

        assertThat(chat.group(new GroupCommand(group, "Checking loop", false)))
                .isEqualTo(new ChatAnswer.Failed("loop"));
    }

    @Test
    void aGroupRunCountsAsAFreshProbeOfTheAsker() {
        ChatCommands chat = chat(true, new Rate(1, Duration.ofHours(1)));

        assertThat(chat.admitGroup("slack:T1:U1")).isEmpty();
        assertThat(chat.admitGroup("slack:T1:U1")).hasValueSatisfying(t -> {
            assertThat(t.fresh()).isFalse();
            assertThat(t.message()).startsWith("you started several checks in a short time: try again in ");
        });
        assertThat(chat.admitGroup("slack:T1:U2")).isEmpty();
    }
}
