package dev.mailtls.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The fields of the web page's form as typed, kept to fill the form in again. They become the
 * same JSON object {@code POST /api/v1/probes} takes, so the page accepts and refuses exactly
 * what the API does; an empty field counts as absent.
 */
record PageForm(String host, String port, String transport, String protocol, boolean fresh, boolean deep) {
    static final PageForm EMPTY = new PageForm("", "", "auto", "auto", false, false);

    /** Reads the form from a parameter lookup such as {@code ctx::formParam}. */
    static PageForm of(Function<String, @Nullable String> param) {
        return new PageForm(
                value(param, "host"),
                value(param, "port"),
                value(param, "transport"),
                value(param, "protocol"),
                // An HTML checkbox sends its value only when checked.
                param.apply("fresh") != null,
                param.apply("deep") != null);
    }

    /**
     * The form as the API's JSON: a port of ASCII digits becomes a number (anything else stays text,
     * and the API refuses it as it would from JSON), and the choices are lower-cased, since the API's
     * JSON fields take exact lower-case values and a typed link may not.
     */
    ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        putIfGiven(o, "host", host);
        String p = port.strip();
        if (p.matches("[0-9]{1,9}")) {
            o.put("port", Integer.parseInt(p));
        } else {
            putIfGiven(o, "port", port);
        }
        putIfGiven(o, "transport", transport.toLowerCase(Locale.ROOT));
        putIfGiven(o, "protocol", protocol.toLowerCase(Locale.ROOT));
        o.put("fresh", fresh);
        if (deep) {
            o.put("deep", true);
        }
        return o;
    }

    /**
     * The link that runs this probe again: {@code path?host=...&port=...&transport=...&protocol=...}
     * with the fields as typed (blank ones left out), and {@code &deep=on} for a deep probe. "fresh"
     * and the token stay out, so a pasted link is answered from the cache and never carries a
     * credential.
     */
    String link(String path) {
        StringBuilder q = new StringBuilder(path).append('?');
        String sep = "";
        for (Map.Entry<String, String> f : List.of(
                Map.entry("host", host),
                Map.entry("port", port),
                Map.entry("transport", transport),
                Map.entry("protocol", protocol))) {
            if (!f.getValue().isBlank()) {
                q.append(sep)
                        .append(f.getKey())
                        .append('=')
                        .append(URLEncoder.encode(f.getValue().strip(), StandardCharsets.UTF_8));
                sep = "&";
            }
        }
        if (deep) {
            q.append(sep).append("deep=on");
        }
        return q.toString();
    }

    private static void putIfGiven(ObjectNode o, String field, String value) {
        if (!value.isBlank()) {
            o.put(field, value.strip());
        }
    }

    private static String value(Function<String, @Nullable String> param, String name) {
        String v = param.apply(name);
        return v == null ? "" : v;
    }
}
