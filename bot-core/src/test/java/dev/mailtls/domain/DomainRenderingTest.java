package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.card.Card;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.card.MarkdownRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.ProbeResults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The domain report as JSON (the contract's names) and as a card every renderer shows. */
class DomainRenderingTest {
    private static final Diagnoser DIAGNOSER = new Diagnoser();

    private static DomainReport twoHosts() {
        Report healthy = Report.of(ProbeResults.healthyStartTls(Protocol.SMTP).build(), DIAGNOSER);
        Report banner = Report.of(
                ProbeResults.healthyStartTls(Protocol.SMTP)
                        .greeting("220 <!channel> @everyone \u202Eevil\u202C [x](https://evil.test) ESMTP")
                        .build(),
                DIAGNOSER);
        MxHost one = new MxHost(
                "mx1.example.test",
                10,
                List.of("192.0.2.1"),
                null,
                new DaneCheck(
                        DnssecState.SECURE,
                        List.of(new TlsaRecord(3, 1, 1, "ab".repeat(32))),
                        null,
                        "1 TLSA records, DNSSEC-signed"),
                List.of(new MxProbe("192.0.2.1", healthy)),
                List.of());
        MxHost two = new MxHost(
                "mx2.example.test",
                20,
                List.of("192.0.2.2", "2001:db8::2"),
                null,
                new DaneCheck(DnssecState.INSECURE, List.of(), null, "no TLSA records"),
                List.of(new MxProbe("192.0.2.2", banner)),
                List.of("2001:db8::2: not finished by the check's deadline"));
        Hint notProbed = new Hint(
                HintCode.MX_NOT_PROBED, Severity.WARNING, "1 address of MX mx2.example.test not probed", "d", "f");
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("mx", 3L);
        timings.put("probes", 120L);
        return new DomainReport(
                "example.test",
                ProbeResults.NOW,
                DomainReport.MxKind.LISTED,
                null,
                List.of(one, two),
                new PolicyChecks(
                        MtaStsRecord.parse("v=STSv1; id=20261205;"),
                        null,
                        new MtaStsFetch(
                                "mta-sts.example.test",
                                "https://mta-sts.example.test/.well-known/mta-sts.txt",
                                List.of("192.0.2.80"),
                                List.of(),
                                "192.0.2.80",
                                "version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 86400\n",
                                null,
                                Map.of(),
                                4),
                        List.of("mx2.example.test"),
                        List.of(),
                        TlsRptRecord.parse("v=TLSRPTv1; rua=mailto:tls@example.test"),
                        null),
                List.of(new SrvCheck(
                        ClientService.IMAPS, "imap.example.test", 993, null, "not finished by the check's deadline")),
                List.of(notProbed),
                Status.worst(Status.WARNING, Status.worst(healthy.status(), banner.status())),
                timings,
                130);
    }

    @Test
    void theJsonHasTheContractsNamesAndEachProbeAsProbeWritesIt() throws Exception {
        DomainReport r = twoHosts();
        JsonNode j = new ObjectMapper().readTree(new DomainJsonRenderer(true, false).render(r));

        assertThat(j.get("schemaVersion").asInt()).isEqualTo(JsonRenderer.SCHEMA_VERSION);
        assertThat(j.get("kind").asText()).isEqualTo("domain");
        assertThat(j.get("domain").asText()).isEqualTo("example.test");
        assertThat(j.get("status").asText()).isEqualTo(r.status().id());
        assertThat(j.get("mxKind").asText()).isEqualTo("listed");
        JsonNode mx = j.get("mx");
        assertThat(mx).hasSize(2);
        assertThat(mx.get(0).get("host").asText()).isEqualTo("mx1.example.test");
        assertThat(mx.get(0).get("preference").asInt()).isEqualTo(10);
        assertThat(mx.get(1).get("addresses").get(1).asText()).isEqualTo("2001:db8::2");
        assertThat(mx.get(0).get("dane").get("dnssec").asText()).isEqualTo("secure");
        assertThat(mx.get(0).get("dane").get("tlsa").get(0).asText()).isEqualTo("3 1 1 " + "ab".repeat(32));
        assertThat(mx.get(0).get("dane").get("matched").isNull()).isTrue();
        assertThat(mx.get(1).get("notProbed").get(0).asText()).contains("deadline");
        JsonNode probe = mx.get(0).get("results").get(0);
        String alone =
                new JsonRenderer(false).render(r.mx().get(0).results().get(0).report());
        assertThat(probe.toString())
                .isEqualTo(new ObjectMapper().readTree(alone).toString());
        assertThat(j.get("hints").get(0).get("code").asText()).isEqualTo("MX_NOT_PROBED");
        JsonNode srv = j.get("srv").get(0);
        assertThat(srv.get("service").asText()).isEqualTo("imaps");
        assertThat(srv.get("target").asText()).isEqualTo("imap.example.test");
        assertThat(srv.get("port").asInt()).isEqualTo(993);
        assertThat(srv.get("result").isNull()).isTrue();
        assertThat(srv.get("problem").asText()).contains("deadline");
        JsonNode sts = j.get("mtaSts");
        assertThat(sts.get("record").asText()).isEqualTo("v=STSv1; id=20261205;");
        assertThat(sts.get("policy").get("version").asText()).isEqualTo("STSv1");
        assertThat(sts.get("policy").get("mode").asText()).isEqualTo("enforce");
        assertThat(sts.get("policy").get("mx").get(0).asText()).isEqualTo("mx1.example.test");
        assertThat(sts.get("policy").get("maxAge").asLong()).isEqualTo(86400);
        assertThat(sts.get("error").isNull()).isTrue();
        assertThat(sts.get("mxNotCovered").get(0).asText()).isEqualTo("mx2.example.test");
        assertThat(j.get("tlsRpt").get("record").asText()).isEqualTo("v=TLSRPTv1; rua=mailto:tls@example.test");
        assertThat(j.get("tlsRpt").get("rua").get(0).asText()).isEqualTo("mailto:tls@example.test");
        assertThat(j.get("timings").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("mx", "probes", "total");
        // Server text inside a probe is escaped as in every JSON of mailtls, never raw.
        assertThat(new DomainJsonRenderer(false, false).render(r))
                .doesNotContain("\u202E")
                .contains("\\u202E");
    }

    @Test
    void theCardLeadsWithTheVerdictThenOneLinePerMxAndReproducesWithTheDomainCommand() {
        DomainReport r = twoHosts();
        Card card = DomainCard.of(r);
        String text = new TextRenderer(false, false, false).render(card);

        assertThat(text.lines().findFirst().orElseThrow())
                .isEqualTo("example.test — mail domain — " + r.status().name());
        assertThat(text)
                .contains("MX 10")
                .contains("mx1.example.test")
                .contains("MX 20")
                .contains("mx2.example.test");
        assertThat(text).contains("192.0.2.1  ").contains("STARTTLS").contains("DANE: 1 TLSA records, DNSSEC-signed");
        assertThat(text).contains("MX_NOT_PROBED");
        assertThat(text).contains("MTA-STS").contains("mode enforce · mx mx1.example.test · max_age 86400");
        assertThat(text).contains("TLS-RPT").contains("reports to mailto:tls@example.test");
        assertThat(text).contains("imaps").contains("imap.example.test:993  not finished by the check's deadline");
        assertThat(text).contains("reproduce: mailtls domain example.test");
        assertThat(card.reproduceCommand()).isEqualTo("mailtls domain example.test");
        String markdown = new MarkdownRenderer().render(card);
        assertThat(markdown).contains("example.test").contains("mx2.example.test");
    }

    @Test
    void aDomainThatTakesNoMailIsOneLine() {
        DomainReport r = new DomainReport(
                "nomail.test",
                ProbeResults.NOW,
                DomainReport.MxKind.NULL_MX,
                null,
                List.of(),
                PolicyChecks.none(),
                List.of(),
                List.of(new Hint(HintCode.NULL_MX, Severity.INFO, "nomail.test accepts no mail (Null MX)", "d", "f")),
                Status.OK,
                Map.of("mx", 2L),
                2);
        String text = new TextRenderer(false, false, false).render(DomainCard.of(r));
        assertThat(text)
                .contains("Null MX: accepts no mail")
                .contains("NULL_MX")
                .doesNotContain("MX 0");
    }
}
