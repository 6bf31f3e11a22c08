package dev.mailtls.discord;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for Discord's REST API on 127.0.0.1: records each request, answers from a script. */
final class CaptureServer implements AutoCloseable {
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse("");
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final HttpServer server;

    CaptureServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            Answer a;
            synchronized (script) {
                a = script.isEmpty() ? new Answer(200, Map.of(), "{\"id\":\"1\"}") : script.poll();
            }
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
    }

    /** The next answers, in order; afterwards 200 {"id":"1"}. */
    CaptureServer then(int status, Map<String, String> headers, String body) {
        synchronized (script) {
            script.add(new Answer(status, headers, body));
        }
        return this;
    }

    URI api() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v10");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
