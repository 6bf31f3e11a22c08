package dev.mailtls.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Locale;

/**
 * How the API reads request bodies: strict JSON (RFC 8259) and nothing more. One value and
 * nothing after it, no duplicate member names (RFC 8259 §4 leaves their meaning open, so two
 * readers could disagree on which one counts), no NaN, and nesting far shallower than any request
 * needs.
 */
final class JsonBodies {
    /** The deepest nesting accepted: a batch of objects is 3 deep; Jackson's default is 1000. */
    static final int MAX_NESTING_DEPTH = 32;

    private JsonBodies() {}

    /** The mapper the HTTP layer reads and writes JSON with. */
    static ObjectMapper mapper() {
        JsonFactory factory = new JsonFactoryBuilder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // Jackson's default pool keeps its buffers per thread; every request runs on a new
                // virtual thread, so that pool allocated fresh 8-16 KB buffers for each body read.
                .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** {@code application/json} or a {@code +json} type (RFC 6839 §3.1), parameters ignored. */
    static boolean isJsonMediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.matches("application/[a-z0-9!#$&^_.+-]+\\+json");
    }
}
