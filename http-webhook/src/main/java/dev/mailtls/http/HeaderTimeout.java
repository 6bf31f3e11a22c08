package dev.mailtls.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes an HTTP/1.1 connection whose request line and headers take longer than the header
 * timeout. Jetty's idle timeout restarts with every byte, so a client sending one header line every
 * few seconds (slowloris) would hold its connection, and a request slot, for ever; Jetty has no
 * header-read deadline of its own. A watch per connection looks at the parser every quarter of the
 * timeout: a request head seen in progress for the whole timeout (no complete request since) closes
 * the connection, between 1 and 1.5 timeouts after its first byte. A connection idle between
 * requests is left to the idle timeout.
 */
final class HeaderTimeout implements Connection.Listener {
    private final long timeoutNanos;
    private final long tickMillis;
    private final Scheduler scheduler;

    HeaderTimeout(Duration timeout, Scheduler scheduler) {
        this.timeoutNanos = timeout.toNanos();
        this.tickMillis = Math.max(10, timeout.toMillis() / 4);
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        // Jetty's HTTP/1.1 connection (internal package): its parser says whether a head is being read.
        if (connection instanceof HttpConnection http) {
            new Watch(http).next();
        }
    }

    @Override
    public void onClosed(Connection connection) {}

    /** Runs on the connector's scheduler, one run at a time, until the connection closes. */
    private final class Watch implements Runnable {
        private final HttpConnection connection;
        private long since = -1;
        private long messages = -1;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void next() {
            scheduler.schedule(this, tickMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!connection.getEndPoint().isOpen()) {
                return;
            }
            HttpParser parser = connection.getParser();
            boolean readingHead = parser.inHeaderState() && !parser.isStart();
            long now = System.nanoTime();
            long in = connection.getMessagesIn();
            if (!readingHead) {
                since = -1;
            } else if (since < 0 || in != messages) {
                since = now;
                messages = in;
            } else if (now - since >= timeoutNanos) {
                connection.getEndPoint().close();
                return;
            }
            next();
        }
    }
}
