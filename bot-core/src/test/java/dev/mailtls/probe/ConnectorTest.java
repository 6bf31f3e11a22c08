package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
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
}
