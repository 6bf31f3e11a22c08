package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.ScriptedMailServer;
import io.javalin.testtools.JavalinTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the API reads a request body: at its Content-Length when it has one, through Javalin's
 * reader when it is chunked, and refused with 413 when its length is over the limit.
 */
@Timeout(60)
class RequestBodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aChunkedBodyIsReadWhole() throws Exception {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String body = "{\"host\": \"mail.test\", \"port\": " + mail.port() + ", \"transport\": \"plain\"}";
                int half = body.length() / 2;
                String chunked = Integer.toHexString(half) + "\r\n" + body.substring(0, half) + "\r\n"
                        + Integer.toHexString(body.length() - half) + "\r\n" + body.substring(half) + "\r\n0\r\n\r\n";
                String answer = exchange(
                        server.port(),
                        "POST /api/v1/probes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + TestServer.BEARER
                                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                                + "Connection: close\r\n\r\n" + chunked);

                assertThat(answer).startsWith("HTTP/1.1 200");
                JsonNode card = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(card.get("target").get("port").asInt()).isEqualTo(mail.port());
            });
        }
    }

    @Test
    void aBodyIsReadAtItsContentLengthMultiByteCharactersIncluded() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                // Not a host name: the 422 echoes what was read, so a short or long read would show.
                byte[] body = "{\"text\": \"m\u00fcller.example 25\"}".getBytes(StandardCharsets.UTF_8);
                String answer = exchange(
                        server.port(),
                        "POST /api/v1/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + TestServer.BEARER
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                + "\r\nConnection: close\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1));

                assertThat(answer).startsWith("HTTP/1.1 422");
                assertThat(JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                                .get("detail")
                                .asText())
                        .contains("'m\u00fcller.example' is not ASCII");
            });
        }
    }

    @Test
    void aBodyWhoseLengthIsOverTheLimitIs413AndTheAnswerArrives() throws Exception {
        try (TestServer t = TestServer.builder().maxBodyBytes(1024).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String body = "{\"host\": \"" + "a".repeat(20_000) + "\"}";
                String answer = exchange(
                        server.port(),
                        "POST /api/v1/probes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + TestServer.BEARER
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                                + "\r\n\r\n" + body);

                assertThat(answer).startsWith("HTTP/1.1 413");
                assertThat(answer).contains("\"type\":\"urn:mailtls:problem:too-large\"");
            });
        }
    }

    @Test
    void jsonBuffersArePooledAcrossThreadsNotKeptPerThread() {
        // Every request runs on a new virtual thread: a per-thread pool would never be reused.
        assertThat(JsonBodies.mapper().getFactory()._getRecyclerPool())
                .isInstanceOf(JsonRecyclerPools.ConcurrentDequePool.class);
    }

    /** Sends {@code request} as is and reads the answer: to the end, or its head and Content-Length body. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                int length = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
                if (end > 0 && length > 0 && length < end) {
                    int value = Integer.parseInt(text.substring(length + 16, text.indexOf("\r\n", length))
                            .trim());
                    if (got.size() >= end + 4 + value) {
                        break;
                    }
                }
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }
}
