package dev.mailtls.card;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.probe.CommandInjectionCheck;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.LegacyTlsResult;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/json-schema.md's field tables are the probe JSON's contract: every field the renderer writes
 * is documented in its section's table (nested objects as {@code legacy.outcome} rows), and every
 * documented field is written by one of a few rich results. A field added to {@link JsonRenderer}
 * without its row, or a row whose field is gone, fails here.
 */
class JsonSchemaDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z0-9.\\[\\]]+)` \\|", Pattern.MULTILINE);
    /** Sections of the probe JSON, by the name of their heading, to the path of the object they describe. */
    private static final Map<String, String> SECTIONS = Map.of(
            "Top level", "",
            "`target`", "target",
            "`capabilities`", "capabilities",
            "`starttls`", "starttls",
            "`tls`", "tls",
            "`certificate`", "certificate",
            "`auth`", "auth",
            "`failure`", "failure",
            "`hints[]`", "hints[]");

    static Map<String, Set<String>> documented = new LinkedHashMap<>();

    @BeforeAll
    static void read() throws IOException {
        String text = dev.mailtls.testing.RepositoryFiles.read("docs/json-schema.md");
        for (String section : text.split("\n## ")) {
            String heading = section.lines().findFirst().orElse("").strip();
            String path = SECTIONS.get(heading);
            if (path == null) {
                continue;
            }
            Set<String> fields = new TreeSet<>();
            Matcher m = ROW.matcher(section);
            while (m.find()) {
                fields.add(m.group(1));
            }
            documented.put(path, fields);
        }
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(SECTIONS.values());
    }

    /** Results that between them fill every object: legacy check, command injection, auth, a failure. */
    private static List<JsonNode> rich() {
        ProbeResult healthy = ProbeResults.healthySubmission()
                .starttls(new StartTlsOutcome(true, StartTlsOutcome.Answer.ACCEPTED, "220 2.0.0 go ahead", "250 x\r\n")
                        .withCommandInjection(
                                new CommandInjectionCheck(CommandInjectionCheck.Outcome.DISCARDED, "discarded")))
                .build();
        ProbeResult legacy = ProbeResults.withLegacy(
                healthy, LegacyTlsResult.accepted("TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "accepted"));
        ProbeResult auth = ProbeResults.withEnumeration(
                ProbeResults.gmailAppPassword().build(),
                new dev.mailtls.tls.TlsEnumeration(
                        List.of(new dev.mailtls.tls.TlsEnumeration.VersionSuites(
                                "TLSv1.2",
                                dev.mailtls.tls.TlsEnumeration.Acceptance.YES,
                                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                                null,
                                List.of("x25519"),
                                List.of())),
                        List.of(),
                        3,
                        12));
        ProbeResult failed = ProbeResults.healthySubmission()
                .failure(Phase.HANDSHAKE, FailureCode.HANDSHAKE_FAILED, "handshake_failure", "alert 40")
                .build();
        JsonRenderer json = new JsonRenderer(false, true);
        return List.of(legacy, auth, failed).stream()
                .map(r -> json.tree(Report.of(r, new Diagnoser())))
                .map(n -> (JsonNode) n)
                .toList();
    }

    /** The object at {@code path} ("" the root, "hints[]" the first hint). */
    private static JsonNode at(JsonNode root, String path) {
        if (path.isEmpty()) {
            return root;
        }
        if (path.endsWith("[]")) {
            return root.get(path.substring(0, path.length() - 2)).get(0);
        }
        return root.get(path);
    }

    /** Field names of {@code o}, nested objects as "a.b" (their own name too). */
    private static Set<String> fields(JsonNode o) {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(e.getKey());
            // accepted is a map from version name to suites: its keys are data, not fields.
            if (e.getValue().isObject() && !e.getKey().equals("accepted")) {
                fields(e.getValue()).forEach(f -> out.add(e.getKey() + "." + f));
            }
        }
        return out;
    }

    @Test
    void everyFieldWrittenIsDocumentedInItsSection() {
        for (JsonNode root : rich()) {
            for (Map.Entry<String, Set<String>> section : documented.entrySet()) {
                JsonNode o = at(root, section.getKey());
                if (o == null || o.isNull()) {
                    continue;
                }
                Set<String> written = fields(o);
                // A nested object is documented by its own row or by its fields' rows ("trust.trusted").
                written.removeIf(f -> !section.getValue().contains(f)
                        && section.getValue().stream().anyMatch(d -> d.startsWith(f + ".")));
                // The sections of the nested top-level objects document their fields.
                if (section.getKey().isEmpty()) {
                    written.removeIf(f -> f.contains("."));
                }
                assertThat(section.getValue())
                        .as("docs/json-schema.md section for '%s'", section.getKey())
                        .containsAll(written);
            }
        }
    }

    @Test
    void everyDocumentedFieldIsWritten() {
        List<JsonNode> all = rich();
        for (Map.Entry<String, Set<String>> section : documented.entrySet()) {
            Set<String> written = new TreeSet<>();
            for (JsonNode root : all) {
                JsonNode o = at(root, section.getKey());
                if (o != null && !o.isNull()) {
                    written.addAll(fields(o));
                }
            }
            assertThat(written).as("fields written for '%s'", section.getKey()).containsAll(section.getValue());
        }
    }
}
