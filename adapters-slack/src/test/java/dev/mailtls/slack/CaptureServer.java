package dev.mailtls.slack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A loopback HTTP server standing in for Slack: it records every request and answers with what the
 * responder says (by default 200 {"ok":true}).
 */
final class CaptureServer implements AutoCloseable {
    record Captured(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse("");
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
        static Answer ok(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json; charset=utf-8"), body);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Captured> captured = new LinkedBlockingQueue<>();

    CaptureServer() throws IOException {
        this(c -> Answer.ok("{\"ok\":true}"));
    }

    CaptureServer(Function<Captured, Answer> responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Captured c = new Captured(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body);
            captured.add(c);
            Answer a = responder.apply(c);
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next request, waiting at most {@code wait}; fails the test when none came. */
    Captured next(Duration wait) throws InterruptedException {
        Captured c = captured.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no request reached the capture server in " + wait);
        }
        return c;
    }

    /** The next request if one comes within {@code wait}, else null. */
    Captured poll(Duration wait) throws InterruptedException {
        return captured.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
