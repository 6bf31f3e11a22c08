package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mailtls.probe.Prober;
import dev.mailtls.target.Protocol;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailtls summary <group> [--post]}: history in H2 under the data directory, a webhook captured locally. */
@Timeout(120)
class SummaryCommandTest {
    @TempDir
    Path tmp;

    private HttpServer hook;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private ScriptedMailServer mail;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
        Path yaml = Files.writeString(tmp.resolve("mailtls.yaml"), """
                groups:
                  edge:
                    targets:
                      - mail.test %d plain smtp
                    post_to: [ "webhook:http://127.0.0.1:%d/hook" ]
                  quiet:
                    targets: [ "mail.test %d plain smtp" ]
                """.formatted(
                        mail.port(), hook.getAddress().getPort(), mail.port()));
        env = Map.of(
                "MAILTLS_CONFIG",
                yaml.toString(),
                "MAILTLS_DATA_DIR",
                tmp.resolve("data").toString());
    }

    @AfterEach
    void stop() {
        hook.stop(0);
        mail.close();
    }

    record Run(int code, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MailtlsCli(
                        new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC()),
                        env,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSecondRunReportsWhatChangedAndPostsOnlyWithPost() {
        Run first = run("summary", "edge", "--json");
        assertThat(first.out()).contains("\"group\" : \"edge\"");
        assertThat(first.code()).isIn(ExitCodes.OK, ExitCodes.WARNING, ExitCodes.FAILURE);
        assertThat(posted).isEmpty();

        mail.close();
        Run second = run("summary", "edge", "--post");
        assertThat(second.code()).as(second.out() + second.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(second.out()).contains("mail.test");
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0)).contains("\"group\":\"edge\"").contains("NEW_FAILURE");
        assertThat(second.err()).contains("posted to webhook:127.0.0.1");
    }

    @Test
    void unknownGroupsAndPostWithoutDestinationsAreUsageErrors() {
        Run unknown = run("summary", "nope");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no group named 'nope'").contains("edge");
        Run noDestinations = run("summary", "quiet", "--post");
        assertThat(noDestinations.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noDestinations.err()).contains("no post_to destinations");
    }
}
