package dev.mailtls.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * openapi.json for tests: its tree, and any schema in it (by JSON pointer) compiled by the networknt
 * JSON Schema validator (draft 2020-12, the dialect of OpenAPI 3.1), {@code $ref}s resolved
 * within the document.
 */
final class OpenApiDocument {
    static final String BASE = "https://mailtls.invalid/openapi.json";

    final String text;
    final JsonNode tree;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    OpenApiDocument(String text) {
        this.text = text;
        try {
            this.tree = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(BASE, text)));
    }

    /** The resource as packaged. */
    static OpenApiDocument packaged() {
        try (InputStream in = WebServer.class.getResourceAsStream("openapi.json")) {
            return new OpenApiDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema at {@code pointer}, e.g. {@code /components/schemas/Card}. */
    Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
    }

    /** The errors of {@code value} against the schema at {@code pointer}; empty when valid. */
    List<String> errors(String pointer, JsonNode value) {
        return schema(pointer).validate(value).stream().map(Error::toString).toList();
    }

    /** A JSON pointer segment (RFC 6901): {@code ~} and {@code /} escaped. */
    static String segment(String s) {
        return s.replace("~", "~0").replace("/", "~1");
    }

    /** The operation object of {@code method} on {@code path}; missing when not documented. */
    JsonNode operation(String path, String method) {
        return tree.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT));
    }

    /** Follows a {@code $ref} to a component response. */
    JsonNode response(String path, String method, int status) {
        JsonNode r = operation(path, method).path("responses").path(Integer.toString(status));
        if (r.has("$ref")) {
            return tree.at(r.get("$ref").asText().substring(1));
        }
        return r;
    }

    /** The pointer of a response's schema for {@code mediaType}, following a response {@code $ref}. */
    String responseSchemaPointer(String path, String method, int status, String mediaType) {
        JsonNode r = operation(path, method).path("responses").path(Integer.toString(status));
        String base = r.has("$ref")
                ? r.get("$ref").asText().substring(1)
                : "/paths/" + segment(path) + "/" + method.toLowerCase(java.util.Locale.ROOT) + "/responses/" + status;
        return base + "/content/" + segment(mediaType) + "/schema";
    }
}
