package dev.mailtls.card;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResultBuilder;
import dev.mailtls.testing.ProbeResults;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRendererTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode json(ProbeResultBuilder b) throws Exception {
        return MAPPER.readTree(new JsonRenderer().render(Report.of(b.build(), new Diagnoser())));
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void topLevelFieldsAreTheDocumentedOnes() throws Exception {
        JsonNode j = json(ProbeResults.healthySubmission());

        assertThat(names(j))
                .containsExactly(
                        "schemaVersion",
                        "status",
                        "target",
                        "startedAt",
                        "address",
                        "addresses",
                        "greeting",
                        "greetingDelayMs",
                        "capabilities",
                        "starttls",
                        "tls",
                        "certificate",
                        "auth",
                        "failure",
                        "hints",
                        "timings",
                        "transcript",
                        "reproduceCommand");
        assertThat(j.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(j.get("status").asText()).isEqualTo("ok");
        assertThat(names(j.get("target"))).containsExactly("host", "port", "protocol", "transport");
        assertThat(j.at("/target/protocol").asText()).isEqualTo("smtp");
        assertThat(j.at("/target/transport").asText()).isEqualTo("starttls");
        assertThat(j.at("/target/port").asInt()).isEqualTo(587);
        assertThat(j.get("startedAt").asText()).isEqualTo("2026-11-29T10:00:00Z");
    }

    @Test
    void healthyStartTlsHasEveryFact() throws Exception {
        JsonNode j = json(ProbeResults.healthySubmission());

        assertThat(j.at("/capabilities/beforeTls").size()).isEqualTo(7);
        assertThat(j.at("/capabilities/afterTls/2").asText()).startsWith("AUTH LOGIN PLAIN");
        assertThat(names(j.get("starttls")))
                .containsExactly("offered", "answer", "reply", "injectedBytes", "commandInjection");
        assertThat(j.at("/starttls/commandInjection").isNull()).isTrue();
        assertThat(j.at("/starttls/offered").asBoolean()).isTrue();
        assertThat(j.at("/starttls/answer").asText()).isEqualTo("accepted");
        assertThat(j.at("/starttls/injectedBytes").isNull()).isTrue();
        assertThat(j.at("/tls/version").asText()).isEqualTo("TLSv1.3");
        assertThat(j.at("/tls/cipherSuite").asText()).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(j.at("/tls/trust/problem").asText()).isEqualTo("NONE");
        JsonNode cert = j.get("certificate");
        assertThat(names(cert))
                .contains(
                        "subject",
                        "issuer",
                        "notBefore",
                        "notAfter",
                        "daysLeft",
                        "sans",
                        "sha256",
                        "keyType",
                        "keyBits",
                        "signatureAlgorithm",
                        "selfSigned",
                        "trusted",
                        "trustReason",
                        "hostnameMatches",
                        "chain",
                        "curve",
                        "ca");
        assertThat(cert.get("notAfter").asText()).isEqualTo("2027-01-19T15:00:00Z");
        assertThat(cert.get("daysLeft").asLong()).isEqualTo(51);
        assertThat(cert.get("sans").get(0).asText()).isEqualTo("smtp.gmail.com");
        assertThat(cert.get("keyBits").asInt()).isEqualTo(256);
        assertThat(cert.get("curve").asText()).isEqualTo("P-256");
        assertThat(cert.get("chain").size()).isEqualTo(3);
        assertThat(cert.at("/chain/2/selfSigned").asBoolean()).isTrue();
        assertThat(names(j.get("timings")))
                .containsExactly("resolve", "connect", "greeting", "starttls", "handshake", "total");
        assertThat(j.at("/timings/total").asLong()).isEqualTo(96);
        assertThat(j.at("/hints/0/code").asText()).isEqualTo("IMPLICIT_TLS_AVAILABLE");
        assertThat(names(j.at("/hints/0"))).containsExactly("code", "severity", "summary", "detail", "fix");
        assertThat(j.get("reproduceCommand").asText()).endsWith("-starttls smtp");
    }

    @Test
    void yahooAbsentFactsAreNullNotOmitted() throws Exception {
        JsonNode j = json(ProbeResults.yahooNoGreeting());

        assertThat(j.get("status").asText()).isEqualTo("failure");
        for (String absent : List.of("greeting", "greetingDelayMs", "starttls", "tls", "certificate", "auth")) {
            assertThat(j.has(absent)).as(absent).isTrue();
            assertThat(j.get(absent).isNull()).as(absent).isTrue();
        }
        assertThat(j.at("/capabilities/beforeTls").isNull()).isTrue();
        assertThat(j.at("/capabilities/afterTls").isNull()).isTrue();
        assertThat(j.at("/failure/phase").asText()).isEqualTo("greeting");
        assertThat(j.at("/failure/code").asText()).isEqualTo("NO_GREETING");
        assertThat(j.at("/failure/evidence").isNull()).isTrue();
        assertThat(j.at("/hints/0/code").asText()).isEqualTo("NO_GREETING");
        assertThat(j.at("/hints/0/severity").asText()).isEqualTo("error");
        assertThat(j.at("/timings/greeting").asLong()).isEqualTo(10_000);
        assertThat(j.at("/timings/total").asLong()).isEqualTo(10_100);
    }

    @Test
    void gmailAuthProbeIsInTheJson() throws Exception {
        JsonNode j = json(ProbeResults.gmailAppPassword());

        assertThat(j.get("status").asText()).isEqualTo("warning");
        assertThat(names(j.get("auth")))
                .containsExactly("verdict", "mechanism", "exchange", "finalReply", "realCredentials");
        assertThat(j.at("/auth/verdict").asText()).isEqualTo("rejected");
        assertThat(j.at("/auth/finalReply").asText()).startsWith("534-5.7.9 Application-specific password required");
        assertThat(j.at("/hints/0/code").asText()).isEqualTo("APP_PASSWORD_REQUIRED");
        assertThat(j.get("starttls").isNull()).isTrue();
        assertThat(j.at("/capabilities/beforeTls").isNull()).isTrue();
    }

    @Test
    void expiredCertificateHasNegativeDaysAndAFailure() throws Exception {
        JsonNode j = json(ProbeResults.healthySubmission()
                .leaf(Certificates.leaf("smtp.gmail.com").expiredDaysAgo(3)));

        assertThat(j.get("status").asText()).isEqualTo("failure");
        assertThat(j.at("/certificate/daysLeft").asLong()).isEqualTo(-3);
        assertThat(j.at("/hints/0/code").asText()).isEqualTo("CERT_EXPIRED");
        assertThat(j.at("/hints/0/fix").asText()).isNotBlank();
    }

    @Test
    void compactOutputIsOneLine() {
        String out = new JsonRenderer(false)
                .render(Report.of(ProbeResults.healthySubmission().build(), new Diagnoser()));

        assertThat(out).doesNotContain("\n").startsWith("{\"schemaVersion\":1,\"status\":\"ok\"");
    }

    @Test
    void instantsAreWholeSecondsSoJqCanReadThem() throws Exception {
        dev.mailtls.probe.ProbeResult r = ProbeResults.healthySubmission().build();
        // The same result, started at an instant with nanoseconds (a real clock's).
        var components = dev.mailtls.probe.ProbeResult.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals("startedAt")
                    ? java.time.Instant.parse("2026-11-29T10:00:00.123456789Z")
                    : components[i].getAccessor().invoke(r);
        }
        var precise = dev.mailtls.probe.ProbeResult.class
                .getDeclaredConstructor(types)
                .newInstance(values);
        JsonNode j = MAPPER.readTree(new JsonRenderer().render(Report.of(precise, new Diagnoser())));
        assertThat(j.get("startedAt").asText()).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(j.at("/certificate/notAfter").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    /**
     * The renderer writes trees with Jackson's streaming generator (no ObjectMapper, which a cold
     * command line paid about 30 ms for): byte for byte what ObjectMapper wrote with the same escapes,
     * for every kind of node and for hostile server text, pretty and compact.
     */
    @Test
    void writesExactlyWhatObjectMapperWrote() throws Exception {
        ObjectMapper reference = new ObjectMapper();
        reference.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
        var tree = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        tree.put("text", "banner \u001b[31mred\u202e evil \u0000 \"quoted\" \\ tab\t emoji \ud83d\udd12 é");
        tree.put("int", 42).put("long", 1L << 40).put("negative", -7);
        tree.put("double", 0.1).put("float", 1.5f).put("bool", true).putNull("nothing");
        tree.put("decimal", new java.math.BigDecimal("12.50"))
                .put("big", new java.math.BigInteger("123456789012345678901234567890"));
        tree.putArray("empty");
        tree.putObject("emptyObject");
        tree.putArray("nested").add(1).add("two").addNull().addObject().put("k", "v");
        List<com.fasterxml.jackson.databind.JsonNode> trees = List.of(
                tree,
                new JsonRenderer()
                        .tree(Report.of(ProbeResults.healthySubmission().build(), new Diagnoser())));
        for (var t : trees) {
            assertThat(new JsonRenderer(true).write(t))
                    .isEqualTo(TerminalSafeEscapes.escapeSurrogates(
                            reference.writerWithDefaultPrettyPrinter().writeValueAsString(t)));
            assertThat(new JsonRenderer(false).write(t))
                    .isEqualTo(TerminalSafeEscapes.escapeSurrogates(
                            reference.writer().writeValueAsString(t)));
        }
    }

    @Test
    void aTreeWithAJavaObjectInItIsRefused() {
        var tree = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        tree.putPOJO("object", new Object());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JsonRenderer().write(tree))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
