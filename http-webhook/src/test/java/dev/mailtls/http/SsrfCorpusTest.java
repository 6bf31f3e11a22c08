package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.TestResolver;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's address policy over HTTP: every request in the corpus is refused (403 by the
 * policy after resolution, or 422 when the grammar already refuses the spelling), and a listener
 * on loopback never sees a connection. The listener's port is allowed, so only the address can
 * be what refuses.
 */
@Timeout(60)
class SsrfCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answered 403 by the address policy. */
    private static final List<String> DENIED = List.of(
            "127.0.0.1",
            "127.1.2.3",
            "localhost",
            "10.0.0.1",
            "10.255.255.254",
            "172.16.0.1",
            "172.31.255.254",
            "192.168.1.10",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "[::1]",
            "::",
            "::ffff:127.0.0.1",
            "[::ffff:127.0.0.1]",
            "::ffff:7f00:1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::7f00:1",
            "2002:7f00:1::1",
            "fd00::1",
            "fd12:3456:789a::1",
            "fe80::1",
            "ff02::1",
            // Names that resolve to internal addresses: the check is on what the name resolves to.
            "internal.test",
            "rebind.test",
            "metadata.test",
            "ula.test",
            "mixed.test",
            "cgnat.test");

    /** Refused by the grammar before any lookup: ambiguous IPv4 spellings. */
    private static final List<String> UNPARSABLE =
            List.of("2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.0.0.01", "017700000001");

    private static TestResolver resolver() throws Exception {
        return new TestResolver()
                .add("localhost", InetAddress.getByName("127.0.0.1"))
                .add("internal.test", InetAddress.getByName("10.1.2.3"))
                .add("rebind.test", InetAddress.getByName("127.0.0.1"))
                .add("metadata.test", InetAddress.getByName("169.254.169.254"))
                .add("ula.test", InetAddress.getByName("fd00::5"))
                .add("cgnat.test", InetAddress.getByName("100.100.100.100"))
                .add("mixed.test", InetAddress.getByName("10.0.0.1"), InetAddress.getByName("127.0.0.1"));
    }

    /** Resolves literals as the system resolver does (no DNS for a literal) and names from the table. */
    private static TestResolver literalsToo(TestResolver table) throws Exception {
        for (String h : DENIED) {
            String bare = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
            if (bare.contains(":") || bare.matches("[0-9.]+")) {
                table.add(bare, InetAddress.getByName(bare));
            }
        }
        return table;
    }

    @Test
    void noDeniedTargetReachesAListenerOnLoopback() throws Exception {
        try (FaultServer listener = FaultServer.silent()) {
            Set<Integer> ports = new HashSet<>(AddressPolicy.MAIL_PORTS);
            ports.add(listener.port());
            try (TestServer t = TestServer.builder()
                    .strict()
                    .ports(ports)
                    .resolver(literalsToo(resolver()))
                    .build()) {
                JavalinTest.test(t.web().javalin(), (server, client) -> {
                    for (String host : DENIED) {
                        Response r = client.post(
                                "/api/v1/probes",
                                "{\"host\": \"" + host + "\", \"port\": " + listener.port()
                                        + ", \"protocol\": \"smtp\"}",
                                req -> req.header("Authorization", TestServer.BEARER));
                        assertThat(r.code()).as(host).isEqualTo(403);
                        JsonNode p = JSON.readTree(r.body().string());
                        assertThat(p.get("type").asText()).as(host).isEqualTo("urn:mailtls:problem:address-denied");
                        assertThat(p.get("detail").asText())
                                .as(host)
                                .contains("ask the operator of this service to allow the address or port")
                                .doesNotContain("MAILTLS_");
                    }
                    for (String host : UNPARSABLE) {
                        Response r = client.post(
                                "/api/v1/commands",
                                "{\"text\": \"" + host + " " + listener.port() + " smtp\"}",
                                req -> req.header("Authorization", TestServer.BEARER));
                        assertThat(r.code()).as(host).isEqualTo(422);
                    }
                });
            }
            assertThat(listener.connections()).isZero();
        }
    }

    @Test
    void aPortOutsideTheAllowListIsRefusedEvenForAnAllowedAddress() throws Exception {
        try (FaultServer listener = FaultServer.silent();
                TestServer t =
                        TestServer.builder().ports(AddressPolicy.MAIL_PORTS).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.post(
                        "/api/v1/probes",
                        "{\"host\": \"mail.test\", \"port\": " + listener.port() + "}",
                        req -> req.header("Authorization", TestServer.BEARER));
                assertThat(r.code()).isEqualTo(403);
                assertThat(JSON.readTree(r.body().string()).get("detail").asText())
                        .contains("port " + listener.port());
            });
            assertThat(listener.connections()).isZero();
        }
    }

    @Test
    void anOperatorAllowedRangeIsProbed() throws Exception {
        try (FaultServer listener = FaultServer.silent()) {
            try (TestServer t = TestServer.builder().build()) {
                // The default fixture allows 127.0.0.0/8 on any port, as MAILTLS_ALLOW_CIDRS would.
                assertThat(Cidr.parse("127.0.0.0/8").toString()).isNotBlank();
                JavalinTest.test(t.web().javalin(), (server, client) -> {
                    Response r = client.post(
                            "/api/v1/probes",
                            "{\"host\": \"127.0.0.1\", \"port\": " + listener.port()
                                    + ", \"protocol\": \"smtp\", \"transport\": \"plain\", \"timeoutSeconds\": 2}",
                            req -> req.header("Authorization", TestServer.BEARER));
                    assertThat(r.code()).isEqualTo(200);
                });
            }
            assertThat(listener.connections()).isPositive();
        }
    }
}
