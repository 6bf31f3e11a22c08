package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.http.ApiTokens;
import dev.mailtls.net.Cidr;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups through the real {@code serve} wiring: run over the API, stored in H2, history read back
 * over the API and on the {@code /groups} page.
 */
@Timeout(60)
class ServeGroupsTest {
    private static final String TOKEN = "groups-test-token-0123456789";

    @TempDir
    Path tmp;

    @Test
    void aGroupRunOverTheApiIsStoredAndItsChangesShowInTheNextRun() throws Exception {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                HttpClient http = HttpClient.newHttpClient()) {
            Path yaml = Files.writeString(
                    tmp.resolve("mailtls.yaml"),
                    "groups:\n  edge:\n    targets: [ \"mail.test " + mail.port() + " plain smtp\" ]\n"
                            + "  archive:\n    targets: [ \"mail.test 25 starttls\" ]\n");
            ServeConfig config = ServeConfigLoader.load(
                            Map.of(
                                    "MAILTLS_CONFIG",
                                    yaml.toString(),
                                    "MAILTLS_DATA_DIR",
                                    tmp.resolve("data").toString()),
                            tmp)
                    .withHttpAddr(new HttpAddress("127.0.0.1", 0))
                    .withApiTokens(ApiTokens.of(List.of(TOKEN)))
                    .withAllowCidrs(List.of(Cidr.parse("127.0.0.0/8")))
                    .withAllowPorts(Set.of(mail.port()));
            try (MailtlsServer server = new MailtlsServer(config, TestResolver.loopback("mail.test")).start()) {
                HttpRequest run = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/groups/edge/runs"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(30))
                        .build();
                HttpResponse<String> first = http.send(run, HttpResponse.BodyHandlers.ofString());
                assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
                assertThat(first.body()).contains("\"group\":\"edge\"");

                mail.close();
                HttpResponse<String> second = http.send(run, HttpResponse.BodyHandlers.ofString());
                assertThat(second.body()).contains("NEW_FAILURE");

                HttpResponse<String> history = http.send(
                        HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/groups/edge/history"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(history.statusCode()).isEqualTo(200);
                assertThat(history.body()).contains("\"trigger\":\"api\"").contains("\"status\":\"failure\"");

                // A scan of one host over the API: the strict policy refuses the ports it does not allow.
                HttpResponse<String> scan = http.send(
                        HttpRequest.newBuilder(
                                        URI.create(server.url() + "/api/v1/groups/scan-mail.test/runs?format=text"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(scan.statusCode()).isEqualTo(200);
                assertThat(scan.body()).contains("mail.test 465").contains("mail.test 995");

                // The page lists the configured groups in configuration order (not by name), with the runs.
                HttpResponse<String> page = http.send(
                        HttpRequest.newBuilder(URI.create(server.url() + "/groups"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                String html = page.body();
                assertThat(html.indexOf("edge</h2>")).isPositive().isLessThan(html.indexOf("archive</h2>"));
                assertThat(html).contains("Last 2 runs").contains("<code>mailtls summary archive</code>");
            }
        }
    }
}
