package dev.mailtls.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.FakeDomainDns;
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

/**
 * {@code domain example.com} in chat: the grammar, and checks over a zone in memory whose MX
 * addresses are loopback, refused by the strict address policy before any connection.
 */
@Timeout(60)
class ChatDomainTest {
    private static final Set<Integer> ANY_PORT =
            IntStream.rangeClosed(1, 65535).boxed().collect(Collectors.toUnmodifiableSet());
    private static final Rate LOTS = new Rate(10_000, Duration.ofMinutes(1));
    private static final ProbeOptions OPTIONS =
            ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false);

    private ProbeService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private ChatCommands chat(FakeDomainDns dns, Rate perRequesterFresh) {
        Prober prober =
                new Prober(dns.resolver(), Clock.systemUTC(), AddressPolicy.strict(List.of(), List.of(), ANY_PORT));
        service = new ProbeService(
                prober, new ServiceLimits(Duration.ofMinutes(5), 4, 64, LOTS, perRequesterFresh, LOTS, LOTS));
        return new ChatCommands(
                service,
                new Diagnoser(),
                OPTIONS,
                new dev.mailtls.summary.GroupRunner(service, new Diagnoser(), OPTIONS),
                dns.checks(service, Duration.ofSeconds(5)));
    }

    @Test
    void domainWordAndADomainIsADomainCheck() {
        assertThat(ChatCommands.read("domain Example.COM")).isEqualTo(new ChatAsk.Domain("example.com", false, false));
        assertThat(ChatCommands.read("DOMAIN example.com. fresh private"))
                .isEqualTo(new ChatAsk.Domain("example.com", true, true));
        assertThat(ChatCommands.read(List.of("domain", "example.org")))
                .isEqualTo(new ChatAsk.Domain("example.org", false, false));
    }

    @Test
    void domainAloneIsAUsageErrorThatSaysHow() {
        ChatAsk ask = ChatCommands.read("domain");
        assertThat(ask).isInstanceOf(ChatAsk.Usage.class);
        ChatAsk.Usage u = (ChatAsk.Usage) ask;
        assertThat(u.form()).isEqualTo(ChatAsk.Form.DOMAIN);
        assertThat(u.message()).contains("missing domain").contains("domain example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"domain a.com b.com", "domain https://example.com", "domain 192.0.2.1", "domain localhost"})
    void domainWithoutOneMailDomainIsAUsageError(String text) {
        assertThat(ChatCommands.read(text))
                .isInstanceOfSatisfying(
                        ChatAsk.Usage.class, u -> assertThat(u.form()).isEqualTo(ChatAsk.Form.DOMAIN));
    }

    @Test
    void aMistypedSubcommandIsAnsweredWithDidYouMean() {
        assertThat(ChatCommands.read("domian example.com"))
                .isEqualTo(new ChatAsk.Usage("unknown command 'domian': did you mean domain?", ChatAsk.Form.DOMAIN));
        assertThat(ChatCommands.read("provder gmail")).isInstanceOfSatisfying(ChatAsk.Usage.class, u -> {
            assertThat(u.message()).contains("did you mean provider?");
            assertThat(u.form()).isEqualTo(ChatAsk.Form.GROUP);
        });
    }

    @Test
    void aHostCloseToASubcommandStillProbes() {
        // "domian 25" is a valid probe of a host called domian: the grammar does not second-guess it.
        assertThat(ChatCommands.read("domian 25")).isInstanceOf(ChatAsk.Probe.class);
    }

    @Test
    void nullMxIsCardedWithoutProbing() {
        ChatCommands chat = chat(new FakeDomainDns().nullMx("nomail.test"), LOTS);
        ChatAnswer answer = chat.domain(new ChatAsk.Domain("nomail.test", false, false), "slack:T:U");
        assertThat(answer).isInstanceOfSatisfying(ChatAnswer.DomainCard.class, c -> {
            assertThat(c.report().mxKind()).isEqualTo(DomainReport.MxKind.NULL_MX);
            assertThat(c.report().mx()).isEmpty();
            assertThat(c.report().hints()).extracting(h -> h.code()).contains(HintCode.NULL_MX);
        });
    }

    @Test
    void aDomainThatDoesNotExistSaysSo() {
        ChatCommands chat = chat(new FakeDomainDns(), LOTS);
        ChatAnswer answer = chat.domain(new ChatAsk.Domain("missing.test", false, false), "slack:T:U");
        assertThat(answer).isInstanceOfSatisfying(ChatAnswer.DomainCard.class, c -> {
            assertThat(c.report().mxKind()).isEqualTo(DomainReport.MxKind.NOT_FOUND);
            assertThat(c.report().hints()).extracting(h -> h.code()).contains(HintCode.DOMAIN_NOT_FOUND);
            assertThat(c.report().status()).isEqualTo(Status.FAILURE);
        });
    }

    @Test
    void mxAddressesTheServerRefusesAreReportedWithoutAConnection() {
        FakeDomainDns dns = new FakeDomainDns()
                .mx("example.test", 10, "mx1.example.test")
                .host("mx1.example.test", "127.0.0.2", "::1");
        ChatAnswer answer = chat(dns, LOTS).domain(new ChatAsk.Domain("example.test", false, false), "slack:T:U");
        assertThat(answer).isInstanceOfSatisfying(ChatAnswer.DomainCard.class, c -> {
            assertThat(c.report().mx()).hasSize(1);
            assertThat(c.report().mx().get(0).results())
                    .hasSize(2)
                    .allSatisfy(p ->
                            assertThat(p.report().result().failure().code()).isEqualTo(FailureCode.ADDRESS_DENIED));
        });
    }

    @Test
    void aSecondCheckInAShortTimeIsThrottled() {
        ChatCommands chat = chat(new FakeDomainDns().nullMx("nomail.test"), new Rate(1, Duration.ofMinutes(1)));
        ChatAsk.Domain ask = new ChatAsk.Domain("nomail.test", false, false);
        assertThat(chat.domain(ask, "discord:G:U")).isInstanceOf(ChatAnswer.DomainCard.class);
        assertThat(chat.domain(ask, "discord:G:U"))
                .isInstanceOfSatisfying(
                        ChatAnswer.Throttled.class,
                        t -> assertThat(t.retryAfterSeconds()).isPositive());
        // Another person is not held back by the first one's checks.
        assertThat(chat.domain(ask, "discord:G:OTHER")).isInstanceOf(ChatAnswer.DomainCard.class);
    }

    @Test
    void withoutDomainChecksTheAnswerSaysTheyAreNotEnabled() {
        Prober prober = new Prober(TestResolver.loopback("unused.test"), Clock.systemUTC());
        service = new ProbeService(prober, ServiceLimits.defaults());
        ChatCommands chat = new ChatCommands(service, new Diagnoser(), OPTIONS);
        assertThat(chat.domain(new ChatAsk.Domain("example.com", false, false), "slack:T:U"))
                .isEqualTo(new ChatAnswer.Unavailable("domain checks are not enabled on this server"));
    }

    @Test
    void aDomainRerunIsAlwaysFreshAndItsDomainIsReadAsATypedOneIs() {
        assertThat(ChatCommands.rerun("domain Example.COM.")).isEqualTo(new ChatAsk.Domain("example.com", true, false));
        assertThat(ChatCommands.rerun("DOMAIN example.com fresh private"))
                .isEqualTo(new ChatAsk.Domain("example.com", true, true));
        ChatAsk.Domain asked = new ChatAsk.Domain("mail.example.org", false, true);
        assertThat(asked.rerunWords()).isEqualTo("domain mail.example.org fresh private");
        assertThat(ChatCommands.rerun(asked.rerunWords()))
                .isEqualTo(new ChatAsk.Domain("mail.example.org", true, true));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "domain",
                "domain a.com b.com",
                "domain https://example.com",
                "domain <!channel>.com",
                "domain 192.0.2.1",
                "domain example.com 25"
            })
    void aForgedDomainRerunIsAUsageErrorOfTheRerunForm(String words) {
        assertThat(ChatCommands.rerun(words))
                .isInstanceOfSatisfying(
                        ChatAsk.Usage.class, u -> assertThat(u.form()).isEqualTo(ChatAsk.Form.RERUN));
    }

    @Test
    void theWebLinkIsTheDomainFormWithTheDomainEncoded() {
        assertThat(new ChatAsk.Domain("example.com", true, true).webLink()).isEqualTo("/?domain=example.com");
        // Only a normalised domain gets here; encoded all the same.
        assertThat(new ChatAsk.Domain("a b&c=d", false, false).webLink()).isEqualTo("/?domain=a+b%26c%3Dd");
    }

    @Test
    void anAdmittedCheckRunsWithoutASecondAdmission() {
        ChatCommands chat = chat(new FakeDomainDns().nullMx("nomail.test"), new Rate(1, Duration.ofMinutes(1)));
        ChatAsk.Domain ask = new ChatAsk.Domain("nomail.test", false, false);

        assertThat(chat.admitDomain("slack:T:U")).isEmpty();
        // One check a minute: a second admission here would be throttled.
        assertThat(chat.domainAdmitted(ask, "slack:T:U")).isInstanceOf(ChatAnswer.DomainCard.class);
        assertThat(chat.admitDomain("slack:T:U"))
                .hasValueSatisfying(a -> assertThat(a).isInstanceOf(ChatAnswer.Throttled.class));
    }

    @Test
    void withoutDomainChecksTheAdmissionAnswersAtOnceThatTheyAreNotEnabled() {
        Prober prober = new Prober(TestResolver.loopback("unused.test"), Clock.systemUTC());
        service = new ProbeService(prober, ServiceLimits.defaults());
        ChatCommands chat = new ChatCommands(service, new Diagnoser(), OPTIONS);
        assertThat(chat.admitDomain("slack:T:U"))
                .contains(new ChatAnswer.Unavailable("domain checks are not enabled on this server"));
    }
}
