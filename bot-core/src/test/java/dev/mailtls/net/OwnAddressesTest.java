package dev.mailtls.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict policy denies this host's own addresses, in any range and any spelling. */
class OwnAddressesTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.4.4", "::ffff:8.8.4.4", "64:ff9b::808:404", "2002:808:404::1", "2001:4860:1::25"})
    void anOwnAddressIsDeniedEvenInAPublicRange(String literal) throws Exception {
        Set<InetAddress> mine = Set.of(ip("8.8.4.4"), ip("2001:4860:1::25"));
        OwnAddresses own = () -> mine;
        AddressPolicy p = new StrictAddressPolicy(List.of(), List.of(), Set.of(25), own);
        assertThat(p.refusal(ip(literal), 25)).get().asString().contains("this server's own addresses");
        assertThat(p.refusal(ip("8.8.8.8"), 25)).isEmpty();
    }

    @Test
    void anOwnAddressInASpecialRangeSaysBoth() throws Exception {
        Set<InetAddress> mine = Set.of(ip("127.0.0.1"), ip("192.0.2.2"));
        AddressPolicy p = new StrictAddressPolicy(List.of(), List.of(), Set.of(25), () -> mine);
        assertThat(p.refusal(ip("127.0.0.1"), 25))
                .hasValue("127.0.0.1 is one of this server's own addresses and a loopback address");
        assertThat(p.refusal(ip("64:ff9b::c000:202"), 25))
                .hasValue("64:ff9b:0:0:0:0:c000:202 (192.0.2.2, NAT64) is one of this server's own addresses"
                        + " and a documentation (TEST-NET-1, RFC 5737) address");
    }

    @Test
    void anOperatorsAllowedRangeStillWins() throws Exception {
        Set<InetAddress> mine = Set.of(ip("8.8.4.4"));
        OwnAddresses own = () -> mine;
        AddressPolicy p = new StrictAddressPolicy(List.of(Cidr.parse("8.8.4.0/24")), List.of(), Set.of(25), own);
        assertThat(p.refusal(ip("8.8.4.4"), 25)).isEmpty();
    }

    @Test
    void theInterfacesAreReadAgainOnceTheCacheIsStale() throws Exception {
        AtomicLong now = new AtomicLong();
        AtomicReference<Set<InetAddress>> interfaces = new AtomicReference<>(Set.of(ip("127.0.0.1")));
        AtomicInteger reads = new AtomicInteger();
        InterfaceAddresses own = new InterfaceAddresses(
                () -> {
                    reads.incrementAndGet();
                    return interfaces.get();
                },
                now::get,
                Duration.ofSeconds(5));
        AddressPolicy p = new StrictAddressPolicy(List.of(), List.of(), Set.of(25), own);
        assertThat(p.refusal(ip("8.8.4.4"), 25)).isEmpty();

        interfaces.set(Set.of(ip("127.0.0.1"), ip("8.8.4.4"))); // an address added after start-up
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(p.refusal(ip("8.8.4.4"), 25)).as("still cached").isEmpty();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(p.refusal(ip("8.8.4.4"), 25)).get().asString().contains("own addresses");
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void theRealInterfacesIncludeLoopback() throws Exception {
        assertThat(OwnAddresses.ofInterfaces().current()).contains(ip("127.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fd00::\uFF11/64", "10.0.0.0/\uFF11\uFF16", "\u0661\u0660.0.0.0/8", "fd00::1%eth0/64"})
    void addressBlocksAreAsciiOnly(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address block");
    }

    @Test
    void anIpv4MappedBlockStaysAnIpv6Block() {
        assertThat(Cidr.parse("::ffff:0:0/96").prefix()).isEqualTo(96);
    }
}
