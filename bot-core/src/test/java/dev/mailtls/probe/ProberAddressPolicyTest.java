package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.TestResolver;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A denied request never reaches the listener: the policy judges the resolved address and the
 * prober connects to nothing else. Only loopback addresses are used, so a bug here cannot send a
 * packet anywhere but this machine.
 */
@Timeout(30)
class ProberAddressPolicyTest {

    private static ProbeResult probe(AddressPolicy policy, String host, int port) throws Exception {
        TestResolver resolver = new TestResolver()
                .add("internal.test", InetAddress.getByName("127.0.0.1"))
                .add("mapped.test", InetAddress.getByName("::ffff:127.0.0.1"))
                .add("v6.test", InetAddress.getByName("::1"));
        ProbeOptions o =
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(3)).withLegacyTlsCheck(false);
        return new Prober(resolver, Clock.systemUTC(), policy)
                .probe(new ProbeRequest(host, port, Protocol.SMTP, Transport.PLAIN, o));
    }

    @ParameterizedTest
    @ValueSource(strings = {"internal.test", "mapped.test", "127.0.0.1", "localhost"})
    void loopbackTargetsAreRefusedWithoutAConnection(String host) throws Exception {
        try (FaultServer listener = FaultServer.silent()) {
            AddressPolicy strict = AddressPolicy.strict(List.of(), List.of(), Set.of(listener.port()));
            ProbeResult r = probe(strict, host, listener.port());
            assertThat(r.failure().code()).isEqualTo(FailureCode.ADDRESS_DENIED);
            assertThat(r.address()).isNull();
            assertThat(listener.connections()).isZero();
            List<Hint> hints = new Diagnoser(DiagnosisThresholds.defaults()).diagnose(r);
            assertThat(hints).extracting(Hint::code).contains(HintCode.ADDRESS_DENIED);
        }
    }

    @Test
    void withPolicyKeepsTheResolverAndAppliesTheNewPolicy() throws Exception {
        try (FaultServer listener = FaultServer.silent()) {
            Prober permissive = new Prober(
                    new TestResolver().add("internal.test", InetAddress.getByName("127.0.0.1")), Clock.systemUTC());
            ProbeOptions o =
                    ProbeOptions.defaults().withDeadline(Duration.ofSeconds(3)).withLegacyTlsCheck(false);
            ProbeResult r = permissive
                    .withPolicy(AddressPolicy.strict(List.of(), List.of(), Set.of(listener.port())))
                    .probe(new ProbeRequest("internal.test", listener.port(), Protocol.SMTP, Transport.PLAIN, o));
            assertThat(r.failure().code()).isEqualTo(FailureCode.ADDRESS_DENIED);
            assertThat(r.failure().message()).contains("127.0.0.1");
            assertThat(listener.connections()).isZero();
        }
    }

    @Test
    void portOutsideTheAllowListIsRefused() throws Exception {
        try (FaultServer listener = FaultServer.silent()) {
            AddressPolicy strict = AddressPolicy.strict(List.of(Cidr.parse("127.0.0.0/8")), List.of(), Set.of(25));
            ProbeResult r = probe(strict, "internal.test", listener.port());
            assertThat(r.failure().code()).isEqualTo(FailureCode.ADDRESS_DENIED);
            assertThat(r.failure().message()).contains("port " + listener.port());
            assertThat(listener.connections()).isZero();
        }
    }

    @Test
    void operatorAllowedRangeIsProbed() throws Exception {
        try (FaultServer listener = FaultServer.refusing("421 4.3.2 busy")) {
            AddressPolicy strict =
                    AddressPolicy.strict(List.of(Cidr.parse("127.0.0.0/8")), List.of(), Set.of(listener.port()));
            ProbeResult r = probe(strict, "internal.test", listener.port());
            assertThat(r.address()).isEqualTo("127.0.0.1");
            assertThat(r.failure().code()).isEqualTo(FailureCode.SERVICE_REFUSED);
            assertThat(listener.connections()).isEqualTo(1);
        }
    }

    @Test
    void anIpv6LiteralIsNamedInBracketsInTheRefusal() throws Exception {
        try (FaultServer listener = FaultServer.silent()) {
            AddressPolicy strict = AddressPolicy.strict(List.of(), List.of(), Set.of(listener.port()));
            ProbeResult r = probe(strict, "::1", listener.port());
            assertThat(r.failure().code()).isEqualTo(FailureCode.ADDRESS_DENIED);
            List<Hint> hints = new Diagnoser(DiagnosisThresholds.defaults()).diagnose(r);
            assertThat(hints)
                    .filteredOn(h -> h.code() == HintCode.ADDRESS_DENIED)
                    .singleElement()
                    .satisfies(h -> assertThat(h.summary())
                            .startsWith("This mailtls does not probe [::1]:" + listener.port() + ": "));
            assertThat(listener.connections()).isZero();
        }
    }
}
