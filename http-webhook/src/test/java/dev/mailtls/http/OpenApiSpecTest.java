package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.tls.TrustVerdict;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * openapi.json checked by two validators (swagger-parser reads it as OpenAPI 3.1; networknt compiles
 * every schema as JSON Schema 2020-12 and checks every example), and against the code it describes:
 * the codes, kinds and problem types it lists are exactly those the server can send.
 */
class OpenApiSpecTest {
    private static final OpenApiDocument SPEC = OpenApiDocument.packaged();

    @Test
    void swaggerParserReadsTheSpecAsOpenApi31WithoutAMessage() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(SPEC.text, null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    }

    @Test
    void everySchemaCompilesAndEveryExampleIsValid() {
        SPEC.tree
                .path("components")
                .path("schemas")
                .fieldNames()
                .forEachRemaining(name -> assertThat(SPEC.schema("/components/schemas/" + name))
                        .as(name)
                        .isNotNull());
        List<String> checked = new ArrayList<>();
        SPEC.tree
                .path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    JsonNode content = op.getValue().path("requestBody").path("content");
                    content.properties().forEach(media -> {
                        if (media.getValue().has("example")) {
                            String pointer = "/paths/" + OpenApiDocument.segment(path.getKey()) + "/" + op.getKey()
                                    + "/requestBody/content/" + OpenApiDocument.segment(media.getKey()) + "/schema";
                            assertThat(SPEC.errors(pointer, media.getValue().get("example")))
                                    .as(pointer)
                                    .isEmpty();
                            checked.add(pointer);
                        }
                    });
                }));
        assertThat(checked).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theDaneDnssecVerdictsAreTheEnumsIds() {
        JsonNode dnssec = SPEC.tree.at("/components/schemas/DomainMx/properties/dane/properties/dnssec/enum");
        assertThat(strings(dnssec))
                .containsExactlyElementsOf(Arrays.stream(dev.mailtls.domain.DnssecState.values())
                        .map(dev.mailtls.domain.DnssecState::id)
                        .toList());
    }

    @Test
    void theCardsCodesAndKindsAreTheCodesEnums() {
        JsonNode card = SPEC.tree.at("/components/schemas/Card/properties");
        assertThat(strings(card.at("/hints/items/properties/code/enum")))
                .containsExactlyElementsOf(names(HintCode.values()));
        assertThat(strings(card.at("/failure/properties/code/enum")))
                .containsExactlyElementsOf(names(FailureCode.values()));
        assertThat(strings(card.at("/tls/properties/trust/properties/problem/enum")))
                .containsExactlyElementsOf(names(TrustVerdict.Problem.values()));
        List<String> phases = Arrays.stream(Phase.values()).map(Phase::key).toList();
        assertThat(strings(card.at("/failure/properties/phase/enum"))).containsExactlyElementsOf(phases);
        List<String> timings = new ArrayList<>(phases);
        timings.add("total");
        assertThat(card.at("/timings/properties").properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactlyElementsOf(timings);
    }

    @Test
    void theProbeRequestsFieldsAndValuesAreThoseTheServerTakes() {
        JsonNode props = SPEC.tree.at("/components/schemas/ProbeRequest/properties");
        List<String> fields = new ArrayList<>();
        props.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyElementsOf(ProbeAsk.FIELDS);
        assertThat(strings(props.at("/transport/enum"))).containsExactlyElementsOf(ProbeAsk.TRANSPORTS);
        assertThat(strings(props.at("/protocol/enum"))).containsExactlyElementsOf(ProbeAsk.PROTOCOLS);
        assertThat(strings(props.at("/tlsVersion/enum"))).containsExactlyElementsOf(ProbeAsk.TLS_VERSIONS);
    }

    @Test
    void theDomainRequestsFieldsAreThoseTheServerTakesAndEachMxResultIsACardWithoutItsCacheAge() {
        List<String> fields = new ArrayList<>();
        SPEC.tree
                .at("/components/schemas/DomainRequest/properties")
                .fieldNames()
                .forEachRemaining(fields::add);
        assertThat(fields).containsExactlyElementsOf(DomainAsk.FIELDS);
        List<String> card = new ArrayList<>();
        SPEC.tree.at("/components/schemas/Card/required").forEach(n -> card.add(n.asText()));
        card.remove("cachedAgeSeconds");
        List<String> probe = new ArrayList<>();
        SPEC.tree.at("/components/schemas/Probe/required").forEach(n -> probe.add(n.asText()));
        assertThat(probe).containsExactlyElementsOf(card);
        assertThat(SPEC.tree
                        .at("/components/schemas/DomainMx/properties/results/items/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/Probe");
        assertThat(SPEC.operation(DomainRoutes.DOMAINS, "post")
                        .path("responses")
                        .fieldNames())
                .toIterable()
                .contains("200", "400", "401", "413", "415", "429", "503");
    }

    @Test
    void everyProblemTypeTheServerCanSendIsListed() throws IOException {
        Set<String> inCode = new TreeSet<>();
        // Problem.of("kind", ...) anywhere in the module, and Problem's own shorthands (of("usage", ...)).
        Pattern call = Pattern.compile("(?:Problem\\.|return )of\\(\\s*\"([a-z-]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    inCode.add("urn:mailtls:problem:" + m.group(1));
                }
            }
        }
        assertThat(inCode).contains("urn:mailtls:problem:unknown-group", "urn:mailtls:problem:usage");
        assertThat(new TreeSet<>(strings(SPEC.tree.at("/components/schemas/Problem/properties/type/enum"))))
                .isEqualTo(inCode);
    }

    @Test
    void theWebFormPostIsDocumented() {
        assertThat(SPEC.operation("/", "post")
                        .path("requestBody")
                        .path("content")
                        .has("application/x-www-form-urlencoded"))
                .isTrue();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> {
            if (!n.isNull()) {
                out.add(n.asText());
            }
        });
        return out;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
