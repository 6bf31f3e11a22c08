package dev.mailtls.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The optional YAML configuration file: a mapping of known top-level keys, each remembered with the
 * line it is on so that an error can point at it. Keys holding a value or a list of values also
 * keep each value's own line; keys holding a structure (later: {@code groups}, {@code thresholds})
 * keep the tree for their own reader.
 */
final class ConfigFile {
    /** A value written in the file, and the line it is on (1-based). */
    record Item(String text, int line) {}

    /**
     * One top-level key.
     *
     * @param items the value, or each value of a list; empty for null and for structures
     * @param tree the value as a tree, for keys that hold a structure
     */
    record Entry(
            String key,
            int line,
            List<Item> items,
            JsonNode tree,
            @Nullable Located located) {
        Entry(String key, int line, List<Item> items, JsonNode tree) {
            this(key, line, items, tree, null);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private final Path path;
    private final Map<String, Entry> entries;

    private ConfigFile(Path path, Map<String, Entry> entries) {
        this.path = path;
        this.entries = Map.copyOf(entries);
    }

    /** No file: every key absent. */
    static ConfigFile none() {
        return new ConfigFile(Path.of(""), Map.of());
    }

    /**
     * Reads the file, refusing unknown and repeated keys.
     *
     * @throws ConfigException naming the file, the line and the problem
     */
    static ConfigFile read(Path path, Set<String> knownKeys) throws ConfigException {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(ServeSetting.CONFIG_ENV + ": " + path + " is not a readable file");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
                JsonParser p = MAPPER.createParser(reader)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return new ConfigFile(path, entries); // an empty file: every default
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(
                        where(path, line(p)) + ": expected a mapping of keys (e.g. 'http_addr: 127.0.0.1:8080')");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = line(p);
                if (!knownKeys.contains(key)) {
                    throw new ConfigException(where(path, line) + ": unknown key '" + key + "' (known keys: "
                            + String.join(", ", new TreeSet<>(knownKeys)) + ")");
                }
                if (entries.containsKey(key)) {
                    throw new ConfigException(where(path, line) + ": '" + key + "' appears twice (first on line "
                            + entries.get(key).line() + ")");
                }
                entries.put(key, entry(path, p, key, line));
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(where(path, at == null ? 0 : at.getLineNr()) + ": not valid YAML ("
                    + MailtlsCli.oneLine(firstLine(e.getOriginalMessage())) + ")");
        } catch (IOException e) {
            throw new ConfigException(ServeSetting.CONFIG_ENV + ": cannot read " + path + ": " + e.getMessage());
        }
        return new ConfigFile(path, entries);
    }

    private static Entry entry(Path path, JsonParser p, String key, int line) throws IOException, ConfigException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
            List<Item> items = new ArrayList<>();
            var array = MAPPER.createArrayNode();
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null || !t.isScalarValue()) {
                    throw new ConfigException(where(path, line(p)) + ", " + key + ": expected a list of values");
                }
                if (t != JsonToken.VALUE_NULL) {
                    items.add(new Item(p.getText(), line(p)));
                    array.add(p.getText());
                }
            }
            return new Entry(key, line, List.copyOf(items), array);
        }
        if (t == JsonToken.START_OBJECT) {
            Located located;
            try {
                located = Located.read(p);
            } catch (Located.DuplicateKey d) {
                throw new ConfigException(where(path, d.line) + ", " + key + ": '" + d.key + "' appears twice");
            }
            return new Entry(key, line, List.of(), MAPPER.createObjectNode(), located);
        }
        if (t == JsonToken.VALUE_NULL) {
            return new Entry(key, line, List.of(), MAPPER.nullNode());
        }
        return new Entry(key, line, List.of(new Item(p.getText(), line(p))), MAPPER.readTree(p));
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String first = nl < 0 ? s : s.substring(0, nl);
        return first.length() > 120 ? first.substring(0, 120) + "…" : first;
    }

    /** "/etc/mailtls.yaml line 7". */
    static String where(Path path, int line) {
        return path + (line > 0 ? " line " + line : "");
    }

    Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    Path path() {
        return path;
    }
}
