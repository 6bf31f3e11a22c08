package dev.mailtls.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A YAML value with the line it is on, all the way down, so that a mistake deep in a structure
 * (a group's third target) is reported at its own line.
 *
 * @param scalar the text of a scalar; null for a list, a mapping or null
 * @param list the items of a list; empty otherwise
 * @param map the entries of a mapping, in file order; empty otherwise
 */
record Located(int line, @Nullable String scalar, List<Located> list, Map<String, Located> map, Kind kind) {
    enum Kind {
        SCALAR,
        LIST,
        MAP,
        NULL
    }

    Located {
        list = List.copyOf(list);
        map = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Reads the value at the parser's current token (already advanced onto it). */
    static Located read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        int line = p.currentTokenLocation().getLineNr();
        if (t == JsonToken.START_ARRAY) {
            List<Located> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(p));
            }
            return new Located(line, null, items, Map.of(), Kind.LIST);
        }
        if (t == JsonToken.START_OBJECT) {
            Map<String, Located> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                Located v = read(p);
                if (entries.containsKey(name)) {
                    throw new DuplicateKey(name, keyLine);
                }
                entries.put(name, v);
            }
            return new Located(line, null, List.of(), entries, Kind.MAP);
        }
        if (t == JsonToken.VALUE_NULL) {
            return new Located(line, null, List.of(), Map.of(), Kind.NULL);
        }
        return new Located(line, p.getText(), List.of(), Map.of(), Kind.SCALAR);
    }

    /** A key given twice in one mapping. */
    static final class DuplicateKey extends IOException {
        private static final long serialVersionUID = 1L;
        final String key;
        final int line;

        DuplicateKey(String key, int line) {
            super("'" + key + "' appears twice");
            this.key = key;
            this.line = line;
        }
    }
}
