package dev.mailtls.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's routes, registered with Javalin and remembered by path, so that a known path asked
 * with a method it does not take is answered 405 with an {@code Allow} header (RFC 9110 §15.5.6)
 * rather than 404 as if the path did not exist.
 */
final class RouteTable {
    private final RoutesConfig routes;
    private final Map<String, Set<String>> methods = new LinkedHashMap<>();
    private final List<Map.Entry<Pattern, String>> patterns = new ArrayList<>();

    RouteTable(RoutesConfig routes) {
        this.routes = routes;
    }

    /**
     * A GET route, and HEAD on it by the same handler (RFC 9110 §9.3.2: the same status and
     * headers, no body). Javalin's own HEAD answer skips the handler: 200 whatever GET would say.
     */
    RouteTable get(String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
        remember("GET", path);
        return remember("HEAD", path);
    }

    RouteTable post(String path, Handler handler) {
        routes.post(path, handler);
        return remember("POST", path);
    }

    private RouteTable remember(String method, String path) {
        if (!methods.containsKey(path)) {
            // A {name} segment matches one path segment, as in Javalin.
            String regex = Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            patterns.add(Map.entry(Pattern.compile(regex), path));
        }
        methods.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(method);
        return this;
    }

    /** The methods {@code path} answers, in registration order; empty for an unknown path. */
    Set<String> allowed(String path) {
        // Javalin ignores a trailing slash.
        String p0 = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (Map.Entry<Pattern, String> p : patterns) {
            if (p.getKey().matcher(p0).matches()) {
                return Set.copyOf(methods.get(p.getValue()));
            }
        }
        return Set.of();
    }

    /** The {@code Allow} header's value for {@code path}: its methods, sorted. */
    String allowHeader(String path) {
        return String.join(", ", allowed(path).stream().sorted().toList());
    }
}
