package dev.mailtls.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTML resource of this package with {@code {{name}}} slots, filled in one pass: a value is
 * never scanned for slots again, so a banner that contains {@code {{result}}} stays text.
 */
final class PageTemplate {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([A-Za-z]+)}}");

    private final String name;
    private final String source;
    private final Set<String> slots = new LinkedHashSet<>();

    private PageTemplate(String name, String source) {
        this.name = name;
        this.source = source;
        Matcher m = SLOT.matcher(source);
        while (m.find()) {
            slots.add(m.group(1));
        }
    }

    /** Loads {@code resource} beside this class. */
    static PageTemplate load(String resource) {
        return new PageTemplate(resource, resource(resource));
    }

    /** The text of a resource beside this class. */
    static String resource(String resource) {
        try (InputStream in = PageTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the http-webhook jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /**
     * @throws IllegalArgumentException when the values do not name exactly the template's slots
     */
    Html fill(Map<String, Html> values) {
        if (!values.keySet().equals(slots)) {
            throw new IllegalArgumentException(name + " has the slots " + slots + " but was given " + values.keySet());
        }
        Matcher m = SLOT.matcher(source);
        StringBuilder out = new StringBuilder(source.length() + 1024);
        while (m.find()) {
            m.appendReplacement(
                    out, Matcher.quoteReplacement(values.get(m.group(1)).markup()));
        }
        m.appendTail(out);
        return new Html(out.toString());
    }
}
