package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.ScriptedMailServer;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real credentials never enter through the API (issue 10 item 2): a body that carries a user, a
 * password or a plaintext-auth switch is refused (422, the API's usage problem) before anything
 * is probed, and the refusal does not repeat the password. This guards what holds today.
 */
@Timeout(60)
class ProbeCredentialsOverHttpTest {
    private static final String PASSWORD = "Vq7-Lm2xR9-wTz4kP";

    @ParameterizedTest
    @ValueSource(strings = {"user", "username", "password", "credentials", "authPlaintext", "allowPlaintextAuth"})
    void aBodyCarryingCredentialsIsRefusedAndNothingIsProbed(String field) throws Exception {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP).start();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.post(
                        "/api/v1/probes",
                        "{\"host\": \"mail.test\", \"port\": " + mail.port()
                                + ", \"transport\": \"plain\", \"auth\": true, \"" + field + "\": \"" + PASSWORD
                                + "\"}",
                        req -> req.header("Authorization", TestServer.BEARER));
                String body = r.body().string();
                assertThat(r.code()).as(body).isEqualTo(422);
                assertThat(body).contains(field).doesNotContain(PASSWORD);
            });
            assertThat(mail.connections()).isZero();
        }
    }
}
