package dev.mailtls.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Exactly C HTTP/1.1 keep-alive connections, one platform thread each, sending one request after
 * another for a fixed time: the same bytes every time, each answer read whole (Content-Length or
 * chunked) and checked. A plain socket client rather than {@code java.net.http.HttpClient}, whose
 * selector thread and per-request allocation would make the client, not the server, the bottleneck
 * on 2 cores, and which does not promise how many connections it opens.
 */
final class KeepAliveLoad {

    /** What one timed run came to; latencies in nanoseconds, sorted, one per answered request. */
    record Outcome(long wallNanos, long[] latencies, Map<String, Long> problems) {
        long answered() {
            return latencies.length;
        }

        double perSecond() {
            return latencies.length / (wallNanos / 1e9);
        }

        /** The q-quantile (0..1) in milliseconds, nearest rank. */
        double percentileMs(double q) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank))] / 1e6;
        }

        double maxMs() {
            return latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6;
        }

        long problemTotal() {
            return problems.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One HTTP answer as read off the wire. */
    record Answer(int status, String body) {}

    private final InetSocketAddress server;
    private final byte[] request;
    private final Predicate<Answer> valid;

    /**
     * @param request the whole request, headers and body, sent as is on every turn
     * @param valid what every answer must be (a 200 with the expected body); others are counted as problems
     */
    KeepAliveLoad(InetSocketAddress server, byte[] request, Predicate<Answer> valid) {
        this.server = server;
        this.request = request.clone();
        this.valid = valid;
    }

    /** A request's bytes: {@code method path}, the headers given, and the body with its length. */
    static byte[] request(String method, String path, String hostPort, List<String> headers, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(hostPort)
                .append("\r\n");
        headers.forEach(h -> s.append(h).append("\r\n"));
        if (!method.equals("GET")) {
            s.append("Content-Length: ").append(b.length).append("\r\n");
        }
        s.append("\r\n");
        byte[] head = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(head, head.length + b.length);
        System.arraycopy(b, 0, out, head.length, b.length);
        return out;
    }

    /** Sends over {@code connections} connections for {@code seconds} and reports. */
    Outcome run(int connections, double seconds) throws InterruptedException {
        Map<String, LongAdder> problems = new ConcurrentHashMap<>();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[connections];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long[] lastAnswer = new long[connections];
        for (int c = 0; c < connections; c++) {
            long[][] box = {new long[1 << 16]};
            int id = c;
            perThread.add(null);
            Thread t = Thread.ofPlatform().name("load-" + c).unstarted(() -> {
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(server, 5_000);
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        out.write(request);
                        out.flush();
                        Answer a = read(in);
                        long took = System.nanoTime() - t0;
                        if (!valid.test(a)) {
                            problems.computeIfAbsent("HTTP " + a.status() + " or unexpected body", k -> new LongAdder())
                                    .increment();
                            continue;
                        }
                        if (n == box[0].length) {
                            box[0] = Arrays.copyOf(box[0], n * 2);
                        }
                        box[0][n++] = took;
                        lastAnswer[id] = t0 + took;
                    }
                    counts[id] = n;
                } catch (IOException | RuntimeException e) {
                    problems.computeIfAbsent(
                                    "connection broke (" + e.getClass().getSimpleName() + ")", k -> new LongAdder())
                            .increment();
                } finally {
                    synchronized (perThread) {
                        perThread.set(id, box[0]);
                    }
                }
            });
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long last = Arrays.stream(lastAnswer).max().orElse(start);
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            long[] mine = perThread.get(c);
            if (mine != null) {
                System.arraycopy(mine, 0, all, at, counts[c]);
                at += counts[c];
            }
        }
        Arrays.sort(all, 0, at);
        Map<String, Long> sums = new TreeMap<>();
        problems.forEach((k, v) -> sums.put(k, v.sum()));
        return new Outcome(Math.max(1, last - start), Arrays.copyOf(all, at), sums);
    }

    /** One response: status line, headers, then a Content-Length or chunked body. */
    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        byte[] body;
        if (chunked) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                b.write(in.readNBytes(size));
                line(in);
            }
            for (String t = line(in); !t.isEmpty(); t = line(in)) {
                // trailers: none expected
            }
            body = b.toByteArray();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new IOException("the connection closed inside a body");
            }
        } else {
            throw new IOException("an answer without Content-Length or chunked encoding");
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }
}
