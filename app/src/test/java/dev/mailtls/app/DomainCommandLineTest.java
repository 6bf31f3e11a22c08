package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.domain.DnsAnswer;
import dev.mailtls.domain.DnssecState;
import dev.mailtls.domain.DomainDns;
import dev.mailtls.domain.MxRecord;
import dev.mailtls.domain.SrvRecord;
import dev.mailtls.domain.TlsaRecord;
import dev.mailtls.probe.Prober;
import dev.mailtls.testing.TestResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailtls domain} as a user runs it: its card, its JSON, its exit codes and its usage errors. */
class DomainCommandLineTest {
    record Run(int code, String out, String err) {}

    /** example.test takes no mail (Null MX); nosuch.test does not exist. */
    static final class Zone implements DomainDns {
        @Override
        public DnsAnswer<MxRecord> mx(String domain) {
            return domain.equals("nomail.test")
                    ? DnsAnswer.ok(List.of(new MxRecord(0, ".")), DnssecState.INSECURE)
                    : DnsAnswer.nxdomain(DnssecState.INSECURE);
        }

        @Override
        public DnsAnswer<InetAddress> addresses(String host) {
            return DnsAnswer.nxdomain(DnssecState.INSECURE);
        }

        @Override
        public DnsAnswer<String> txt(String name) {
            return DnsAnswer.nxdomain(DnssecState.INSECURE);
        }

        @Override
        public DnsAnswer<TlsaRecord> tlsa(String name) {
            return DnsAnswer.nxdomain(DnssecState.INSECURE);
        }

        @Override
        public DnsAnswer<SrvRecord> srv(String name) {
            return DnsAnswer.nxdomain(DnssecState.INSECURE);
        }
    }

    @TempDir
    Path dir;

    private static Run run(Map<String, String> env, DomainDnsFactory dns, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MailtlsCli(
                        new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC()),
                        env,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .withDomainDns(dns)
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        return run(Map.of(), (server, anchors) -> new Zone(), args);
    }

    @Test
    void aDomainThatTakesNoMailIsOkAndSaysSo() {
        Run r = run("domain", "nomail.test", "--no-color");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("nomail.test — mail domain — OK").contains("NULL_MX");
        assertThat(r.out()).contains("reproduce: mailtls domain nomail.test");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aDomainThatDoesNotExistFailsWithItsJson() throws Exception {
        Run r = run("domain", "NoSuch.Test.", "--json");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("kind").asText()).isEqualTo("domain");
        assertThat(j.get("domain").asText()).isEqualTo("nosuch.test");
        assertThat(j.get("status").asText()).isEqualTo("failure");
        assertThat(j.get("hints").get(0).get("code").asText()).isEqualTo("DOMAIN_NOT_FOUND");
    }

    @Test
    void markdownIsACard() {
        Run r = run("domain", "nomail.test", "--markdown");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("nomail.test").contains("NULL_MX");
    }

    @Test
    void badInputIsAOneLineUsageErrorNeverAStackTrace() throws Exception {
        for (String[] args : new String[][] {
            {"domain", "https://example.com"},
            {"domain", "nomail.test", "--json", "--markdown"},
            {"domain", "nomail.test", "--timeout", "forever"},
            {"domain"},
        }) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err())
                    .as(String.join(" ", args))
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
        // The real DNS factory checks --dns and --dnssec-anchor, and names the option.
        Run badServer = run(Map.of(), DomainCommandLine.DNSJAVA, "domain", "nomail.test", "--dns", "127.0.0.1:99999");
        assertThat(badServer.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badServer.err()).contains("--dns").contains("99999");
        Path anchors = Files.writeString(dir.resolve("anchors.zone"), "example. IN A 192.0.2.1\n");
        Run badAnchor = run(
                Map.of(), DomainCommandLine.DNSJAVA, "domain", "nomail.test", "--dnssec-anchor", anchors.toString());
        assertThat(badAnchor.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badAnchor.err()).contains("--dnssec-anchor").contains("anchors.zone");
        Run badVariable = run(Map.of("MAILTLS_DNS_SERVER", "[::1"), DomainCommandLine.DNSJAVA, "domain", "nomail.test");
        assertThat(badVariable.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badVariable.err()).contains("MAILTLS_DNS_SERVER");
    }

    @Test
    void theTopLevelHelpListsDomain() {
        Run r = run("--help");
        assertThat(r.out()).contains("domain");
    }
}
