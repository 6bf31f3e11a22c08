package dev.mailtls.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.SuggestingResults;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TryCommandTest {
    private final Diagnoser diagnoser = new Diagnoser();

    /** Every hint with a suggested probe, over the representative results. */
    private List<Hint> suggesting() {
        List<Hint> out = new ArrayList<>();
        for (ProbeResult r : SuggestingResults.all()) {
            diagnoser.diagnose(r).stream().filter(h -> h.tryCommand() != null).forEach(out::add);
        }
        return out;
    }

    @Test
    void everyHintThatSuggestsAProbeCarriesItAsData() {
        Set<HintCode> codes = suggesting().stream().map(Hint::code).collect(Collectors.toSet());

        assertThat(codes)
                .containsExactlyInAnyOrder(
                        HintCode.NO_GREETING,
                        HintCode.PLAINTEXT_ON_TLS_PORT,
                        HintCode.TLS_ON_PLAINTEXT_PORT,
                        HintCode.IMPLICIT_TLS_AVAILABLE,
                        HintCode.PLAINTEXT_ONLY);
        // No fix names a probe the old way ("mailtls <host> ...", which the CLI refuses with exit 64).
        for (ProbeResult r : SuggestingResults.all()) {
            for (Hint h : diagnoser.diagnose(r)) {
                assertThat(h.fix()).as(h.code().name()).doesNotContainPattern("mailtls (?!probe )[a-z0-9]");
            }
        }
    }

    @Test
    void aSlashCommandFormParsesWithTheSharedGrammarToTheSameProbe() throws Exception {
        TryCommand.Form slash = TryCommand.Form.slashCommand("/mailtls");
        for (Hint h : suggesting()) {
            TryCommand t = h.tryCommand();
            String slack = t.in(slash);
            assertThat(slack).isEqualTo("/mailtls " + t.words());
            assertSameProbe(t, CommandParser.parse(slack.substring("/mailtls ".length())));
            assertThat(h.in(slash).fix()).contains(slack).doesNotContain("mailtls probe");
        }
    }

    @Test
    void cliFormParsesAfterItsSubcommand() throws Exception {
        for (Hint h : suggesting()) {
            String cli = h.tryCommand().in(TryCommand.Form.CLI);
            assertThat(cli).startsWith("mailtls probe ");
            assertThat(h.fix()).contains(cli);
            assertSameProbe(h.tryCommand(), CommandParser.parse(cli.substring("mailtls probe ".length())));
        }
    }

    @Test
    void webFormIsALinkWithTheFormsFieldNames() throws Exception {
        for (Hint h : suggesting()) {
            TryCommand t = h.tryCommand();
            String link = t.in(TryCommand.Form.WEB);
            assertThat(link).startsWith("/?");
            Map<String, String> q = new LinkedHashMap<>();
            for (String pair : link.substring(2).split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            assertThat(q.keySet()).isSubsetOf("host", "port", "transport", "protocol");
            List<String> words = new ArrayList<>(List.of(q.get("host"), q.get("port"), q.get("transport")));
            if (q.containsKey("protocol")) {
                words.add(q.get("protocol"));
            }
            assertSameProbe(t, CommandParser.parse(words));
        }
    }

    @Test
    void aCardForAFrontEndWritesItsSuggestionsInThatForm() {
        Report report = Report.of(SuggestingResults.all().get(0), diagnoser);
        String cli = "mailtls probe smtp.mail.yahoo.com 465 tls smtp";

        assertThat(fixes(Card.of(report))).contains(cli);
        assertThat(fixes(Card.of(report, TryCommand.Form.slashCommand("/mailtls"))))
                .contains("/mailtls smtp.mail.yahoo.com 465 tls smtp")
                .doesNotContain(cli);
        // A front end core does not know brings its own form (a Teams bot's mention, say).
        TryCommand.Form mention = t -> "@mailtls probe " + t.host() + " on " + t.port();
        assertThat(fixes(Card.of(report, mention)))
                .contains("@mailtls probe smtp.mail.yahoo.com on 465")
                .doesNotContain(cli);
        assertThat(fixes(Card.of(report, TryCommand.Form.WEB)))
                .contains("/?host=smtp.mail.yahoo.com&port=465&transport=tls&protocol=smtp")
                .doesNotContain(cli);
    }

    @Test
    void theSuggestionsOfADeepProbeAskForADeepProbeInEveryForm() throws Exception {
        ProbeResult normal = SuggestingResults.all().get(0);
        ProbeResult r = new ProbeResult(
                new dev.mailtls.probe.ProbeRequest(
                        normal.request().host(),
                        normal.request().port(),
                        normal.request().protocol(),
                        normal.request().transport(),
                        normal.request().options().withDeep(true)),
                normal.target(),
                normal.startedAt(),
                normal.addresses(),
                normal.address(),
                normal.greeting(),
                normal.capabilitiesBeforeTls(),
                normal.capabilitiesAfterTls(),
                normal.starttls(),
                normal.tls(),
                normal.auth(),
                normal.failure(),
                normal.timings(),
                normal.totalMs(),
                normal.transcript());
        Report report = Report.of(r, diagnoser);

        assertThat(fixes(Card.of(report))).contains("mailtls probe smtp.mail.yahoo.com 465 tls smtp deep");
        assertThat(fixes(Card.of(report, TryCommand.Form.slashCommand("/mailtls"))))
                .contains("/mailtls smtp.mail.yahoo.com 465 tls smtp deep");
        assertThat(fixes(Card.of(report, TryCommand.Form.WEB)))
                .contains("/?host=smtp.mail.yahoo.com&port=465&transport=tls&protocol=smtp&deep=on");
        TryCommand t = diagnoser.diagnose(r).stream()
                .filter(h -> h.tryCommand() != null)
                .findFirst()
                .orElseThrow()
                .tryCommand();
        assertThat(t.deep()).isTrue();
        assertThat(CommandParser.parse(t.words()).has(ProbeCommand.Flag.DEEP)).isTrue();
        // A normal probe's suggestions stay normal.
        assertThat(fixes(Card.of(Report.of(normal, diagnoser)))).doesNotContain("deep");
    }

    @Test
    void aHintWhoseFixDoesNotHoldItsSuggestionIsABug() {
        TryCommand t = new TryCommand("mail.example.com", 465, Transport.TLS, Protocol.SMTP);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new Hint(
                        HintCode.NO_GREETING,
                        dev.mailtls.diagnosis.Severity.ERROR,
                        "s",
                        "d",
                        "try: mailtls mail.example.com 465 tls",
                        t))
                .withMessageContaining("mailtls probe mail.example.com 465 tls smtp");
    }

    private static String fixes(Card card) {
        return card.hints().stream().map(Hint::fix).collect(Collectors.joining("\n"));
    }

    private static void assertSameProbe(TryCommand t, ProbeCommand parsed) {
        assertThat(parsed.host()).as(t.toString()).isEqualTo(t.host());
        assertThat(parsed.port()).as(t.toString()).isEqualTo(t.port());
        assertThat(parsed.transport()).as(t.toString()).isEqualTo(t.transport());
        assertThat(parsed.protocol()).as(t.toString()).isEqualTo(t.protocol());
        assertThat(parsed.flags()).isEqualTo(EnumSet.noneOf(ProbeCommand.Flag.class));
    }
}
