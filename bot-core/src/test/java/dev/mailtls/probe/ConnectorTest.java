package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.io.Watchdog;
import dev.mailtls.internal.protocol.Transcript;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.testing.TestResolver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refused, timed out (filtered) and unreachable are distinct results. Refused is also exercised on
 * loopback by the prober tests; a filtered or unreachable network cannot be made on loopback
 * alone, so the JDK's exceptions for them are classified here.
 */
class ConnectorTest {

    static Stream<Arguments> exceptions() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), FailureCode.CONNECT_REFUSED),
                Arguments.of(new SocketTimeoutException("Connect timed out"), FailureCode.CONNECT_TIMEOUT),
                Arguments.of(new NoRouteToHostException("No route to host"), FailureCode.CONNECT_UNREACHABLE),
                Arguments.of(new ConnectException("Network is unreachable"), FailureCode.CONNECT_UNREACHABLE),
                Arguments.of(new IOException("Permission denied"), FailureCode.CONNECT_ERROR));
    }

    @ParameterizedTest
    @MethodSource("exceptions")
    void connectFailuresAreClassified(IOException e, FailureCode expected) {
        assertThat(Connector.classify(e)).isEqualTo(expected);
    }

    @Test
    void everyConnectionItMakesHasNagleOff() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Deadline deadline = Deadline.after(Duration.ofSeconds(10));
        try (ServerSocket server = new ServerSocket(0, 5, loopback);
                Watchdog watchdog = new Watchdog(deadline)) {
            ProbeRequest request = new ProbeRequest(
                    "mail.test", server.getLocalPort(), Protocol.SMTP, Transport.PLAIN, ProbeOptions.defaults());
            Connector connector = new Connector(TestResolver.loopback("mail.test"), AddressPolicy.permitAll());

            Socket s = connector
                    .connect(request, new Transcript(), List.of(loopback), deadline, watchdog, true)
                    .socket();

            assertThat(s).isNotNull();
            assertThat(s.isConnected()).isTrue();
            assertThat(s.getTcpNoDelay())
                    .as("TCP_NODELAY: a small write after another must not wait for the peer's delayed ACK")
                    .isTrue();
            s.close();
        }
    }
}
