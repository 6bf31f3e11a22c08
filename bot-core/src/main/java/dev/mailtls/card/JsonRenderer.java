package dev.mailtls.card;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.endpoint.Target;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.Greeting;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.TlsEnumeration;
import dev.mailtls.tls.TlsOutcome;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A report as JSON, schema version {@value #SCHEMA_VERSION} (docs/json-schema.md): the contract
 * for runbooks and the other front ends. Field names are camelCase; absent facts are written as
 * null, never omitted and never guessed; instants are ISO-8601 UTC.
 */
public final class JsonRenderer {
    public static final int SCHEMA_VERSION = 1;

    /**
     * Trees are built with Jackson's node classes and written with its streaming generator: no
     * ObjectMapper, whose set-up (serializer factories, type handling, date formats and the time-zone
     * data) cost a cold command line about 30 ms of CPU for the same bytes. Server text is written
     * exactly, but never as raw terminal or bidi controls (see TerminalSafeEscapes).
     */
    private static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new TerminalSafeEscapes());

    private final boolean pretty;
    private final boolean local;

    /**
     * @param pretty indent the output for people; compact otherwise
     * @param local the reader is the person who configured the probe (the CLI): the reproduce line
     *     may name the CA file's path; otherwise (API, chat) it never names the server's paths
     */
    public JsonRenderer(boolean pretty, boolean local) {
        this.pretty = pretty;
        this.local = local;
    }

    /** For a remote reader (the API): no server paths. */
    public JsonRenderer(boolean pretty) {
        this(pretty, false);
    }

    /** Pretty-printed. */
    public JsonRenderer() {
        this(true);
    }

    public String render(Report report) {
        return write(tree(report));
    }

    /**
     * Any tree (a card's, or a document that holds cards, such as the API's batch answer) written
     * as this renderer writes a card: hidden characters as {@code \\uXXXX} escapes, never raw.
     */
    public String write(JsonNode tree) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            write(g, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a JSON tree", e);
        }
        return TerminalSafeEscapes.escapeSurrogates(out.toString());
    }

    /** {@code node} as ObjectMapper would write it (mailtls's trees hold no POJO or binary nodes). */
    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                }
            }
            default -> throw new IllegalArgumentException("a JSON tree of mailtls holds no " + node.getNodeType());
        }
    }

    /**
     * An instant as every JSON document of mailtls writes it: ISO-8601 UTC in whole seconds, or
     * null.
     */
    public static @Nullable String instant(@Nullable Instant instant) {
        return JsonInstant.of(instant);
    }

    /** A new object node. */
    public ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public ObjectNode tree(Report report) {
        ProbeResult r = report.result();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("schemaVersion", SCHEMA_VERSION);
        o.put("status", report.status().id());
        o.set("target", target(r.target()));
        o.put("startedAt", JsonInstant.of(r.startedAt()));
        o.put("address", r.address());
        strings(o.putArray("addresses"), r.addresses());
        Greeting g = r.greeting();
        o.put("greeting", g == null ? null : g.text());
        if (g == null) {
            o.putNull("greetingDelayMs");
        } else {
            o.put("greetingDelayMs", g.delayMs());
        }
        ObjectNode caps = o.putObject("capabilities");
        nullableStrings(caps, "beforeTls", r.capabilitiesBeforeTls());
        nullableStrings(caps, "afterTls", r.capabilitiesAfterTls());
        o.set("starttls", starttls(r.starttls()));
        o.set("tls", tls(r.tls()));
        o.set("certificate", certificate(r.tls()));
        o.set("auth", auth(r.auth()));
        o.set("failure", failure(r.failure()));
        ArrayNode hints = o.putArray("hints");
        report.hints().forEach(h -> hints.add(hint(h)));
        ObjectNode timings = o.putObject("timings");
        for (Map.Entry<Phase, Long> e : r.timings().entrySet()) {
            timings.put(e.getKey().key(), e.getValue());
        }
        timings.put("total", r.totalMs());
        strings(o.putArray("transcript"), r.transcript());
        o.put("reproduceCommand", ReproduceCommand.of(r, local));
        return o;
    }

    private ObjectNode target(Target t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("host", t.host());
        o.put("port", t.port());
        o.put("protocol", t.protocol() == null ? null : t.protocol().id());
        o.put("transport", t.transport() == null ? null : t.transport().id());
        return o;
    }

    private @Nullable ObjectNode starttls(@Nullable StartTlsOutcome s) {
        if (s == null) {
            return null;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("offered", s.offered());
        o.put("answer", s.answer().name().toLowerCase(Locale.ROOT));
        o.put("reply", s.reply());
        o.put("injectedBytes", s.injectedBytes());
        if (s.commandInjection() == null) {
            o.putNull("commandInjection");
        } else {
            ObjectNode ci = o.putObject("commandInjection");
            ci.put("outcome", s.commandInjection().outcome().key());
            ci.put("detail", s.commandInjection().detail());
        }
        return o;
    }

    private @Nullable ObjectNode tls(@Nullable TlsOutcome t) {
        if (t == null) {
            return null;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("version", t.version());
        o.put("cipherSuite", t.cipherSuite());
        o.put("sniName", t.sniName());
        if (t.legacy() == null) {
            o.putNull("legacy");
        } else {
            ObjectNode legacy = o.putObject("legacy");
            legacy.put("outcome", t.legacy().outcome().name().toLowerCase(Locale.ROOT));
            legacy.put("acceptedVersion", t.legacy().acceptedVersion());
            t.legacy().acceptedVersions().forEach(legacy.putArray("acceptedVersions")::add);
            legacy.put("cipherSuite", t.legacy().cipherSuite());
            legacy.put("detail", t.legacy().detail());
        }
        deep(o, t.enumeration());
        ObjectNode trust = o.putObject("trust");
        trust.put("trusted", t.trust().trusted());
        trust.put("problem", t.trust().problem().name());
        trust.put("reason", t.trust().reason());
        ObjectNode host = o.putObject("hostname");
        host.put("matches", t.hostname().matches());
        host.put("viaCommonName", t.hostname().viaCommonName());
        host.put("reason", t.hostname().reason());
        return o;
    }

    /** {@code accepted}, {@code serverPreference} and {@code deep}: null unless the probe was deep. */
    private void deep(ObjectNode o, @Nullable TlsEnumeration e) {
        if (e == null) {
            o.putNull("accepted");
            o.putNull("serverPreference");
            o.putNull("deep");
            return;
        }
        ObjectNode accepted = o.putObject("accepted");
        e.accepted().forEach((version, suites) -> suites.forEach(accepted.putArray(version)::add));
        o.put("serverPreference", e.serverPreference());
        ObjectNode deep = o.putObject("deep");
        ArrayNode versions = deep.putArray("versions");
        for (TlsEnumeration.VersionSuites v : e.versions()) {
            ObjectNode n = versions.addObject();
            n.put("version", v.version());
            n.put("accepted", v.accepted().name().toLowerCase(Locale.ROOT));
            v.suites().forEach(n.putArray("suites")::add);
            n.put("serverPreference", v.serverPreference());
            v.groups().forEach(n.putArray("groups")::add);
            v.dhBits().forEach(n.putArray("dhBits")::add);
        }
        e.unknown().forEach(deep.putArray("unknown")::add);
        e.notes().forEach(deep.putArray("notes")::add);
        deep.put("connections", e.connections());
        deep.put("ms", e.millis());
    }

    private @Nullable ObjectNode certificate(@Nullable TlsOutcome t) {
        CertificateInfo leaf = t == null ? null : t.leaf();
        if (t == null || leaf == null) {
            return null;
        }
        ObjectNode o = certificateFacts(leaf);
        o.put("trusted", t.trust().trusted());
        o.put("trustReason", t.trust().reason());
        o.put("hostnameMatches", t.hostname().matches());
        ArrayNode chain = o.putArray("chain");
        t.chain().forEach(c -> chain.add(certificateFacts(c)));
        return o;
    }

    private ObjectNode certificateFacts(CertificateInfo c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("subject", c.subject());
        o.put("issuer", c.issuer());
        o.put("serial", c.serial());
        o.put("notBefore", JsonInstant.of(c.notBefore()));
        o.put("notAfter", JsonInstant.of(c.notAfter()));
        o.put("daysLeft", c.daysLeft());
        strings(o.putArray("sans"), c.sans());
        o.put("sha256", c.sha256());
        o.put("keyType", c.keyType());
        o.put("keyBits", c.keyBits());
        o.put("curve", c.curve());
        o.put("signatureAlgorithm", c.signatureAlgorithm());
        o.put("selfSigned", c.selfSigned());
        o.put("ca", c.ca());
        return o;
    }

    private @Nullable ObjectNode auth(@Nullable AuthOutcome a) {
        if (a == null) {
            return null;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("verdict", a.verdict().name().toLowerCase(Locale.ROOT));
        o.put("mechanism", a.mechanism());
        strings(o.putArray("exchange"), a.exchange());
        o.put("finalReply", a.finalReply());
        o.put("realCredentials", a.realCredentials());
        return o;
    }

    private @Nullable ObjectNode failure(@Nullable Failure f) {
        if (f == null) {
            return null;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("phase", f.phase().key());
        o.put("code", f.code().name());
        o.put("meaning", f.code().meaning());
        o.put("message", f.message());
        o.put("evidence", f.evidence());
        return o;
    }

    /** One hint as every JSON document writes it: code, severity, summary, detail, fix. */
    public ObjectNode hint(Hint h) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("code", h.code().name());
        o.put("severity", h.severity().id());
        o.put("summary", h.summary());
        o.put("detail", h.detail());
        o.put("fix", h.fix());
        return o;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void nullableStrings(ObjectNode parent, String name, @Nullable List<String> values) {
        if (values == null) {
            parent.putNull(name);
        } else {
            strings(parent.putArray(name), values);
        }
    }
}
