package dev.mailtls.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every spelling of one server is one key: IPv4 embedded in IPv6 is the IPv4 address. */
class AddressKeyTest {

    /** An Inet6Address from 32 hex digits, even for the forms the JDK would turn into IPv4. */
    private static InetAddress v6(String hex) throws Exception {
        return Inet6Address.getByAddress(null, HexFormat.of().parseHex(hex), -1);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        // RFC 4291 §2.5.5.2 IPv4-mapped, as the JDK keeps it when built from bytes
        "00000000000000000000ffff7f000001, 127.0.0.1, 127.0.0.0/24",
        // RFC 4291 §2.5.5.1 IPv4-compatible
        "0000000000000000000000007f000001, 127.0.0.1, 127.0.0.0/24",
        // RFC 2765 §2.1 IPv4-translated (SIIT)
        "0000000000000000ffff00007f000001, 127.0.0.1, 127.0.0.0/24",
        // RFC 6052 §2.1 NAT64 well-known prefix
        "0064ff9b0000000000000000c6336407, 198.51.100.7, 198.51.100.0/24",
        // ::1 and :: are IPv6 themselves, not 0.0.0.1 and 0.0.0.0
        "00000000000000000000000000000001, [0:0:0:0:0:0:0:1], [0:0:0:0:0:0:0:0]/64",
        "00000000000000000000000000000000, [0:0:0:0:0:0:0:0], [0:0:0:0:0:0:0:0]/64",
        "20010db8000000010000000000000025, [2001:db8:0:1:0:0:0:25], [2001:db8:0:1:0:0:0:0]/64",
    })
    void ipv6FormsAreKeyedByTheServerTheyReach(String hex, String address, String network) throws Exception {
        AddressKey key = AddressKey.of(v6(hex));
        assertThat(key.address()).isEqualTo(address);
        assertThat(key.network()).isEqualTo(network);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1", "::ffff:127.0.0.1", "[::ffff:7f00:1]"})
    void literalsTheJdkParsesAreKeyedAlike(String literal) throws Exception {
        assertThat(AddressKey.of(InetAddress.getByName(literal)))
                .isEqualTo(new AddressKey("127.0.0.1", "127.0.0.0/24"));
    }

    @ParameterizedTest
    @CsvSource({"1", "7"})
    void anIpv6ZoneDoesNotMakeANewKey(int scope) throws Exception {
        InetAddress scoped =
                Inet6Address.getByAddress(null, HexFormat.of().parseHex("fe800000000000000000000000000001"), scope);
        assertThat(AddressKey.of(scoped).address()).isEqualTo("[fe80:0:0:0:0:0:0:1]");
    }
}
