package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsServerTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1,           127.0.0.1,   53,    127.0.0.1:53",
        "127.0.0.1:5353,      127.0.0.1,   5353,  127.0.0.1:5353",
        "' 10.0.0.53:53 ',    10.0.0.53,   53,    10.0.0.53:53",
        "ns1.Example.COM,     ns1.example.com, 53, ns1.example.com:53",
        "ns1.example.com.:54, ns1.example.com., 54, ns1.example.com.:54",
        "localhost:65535,     localhost,   65535, localhost:65535",
        "[::1]:5353,          ::1,         5353,  [::1]:5353",
        "[2001:DB8::53],      2001:db8::53, 53,   [2001:db8::53]:53",
        "::1,                 ::1,         53,    [::1]:53",
        "[fe80::1%eth0]:53,   fe80::1%eth0, 53,   [fe80::1%eth0]:53",
    })
    void readsHostAndPort(String text, String host, int port, String shown) {
        DnsServer server = DnsServer.parse(text);

        assertThat(server.host()).isEqualTo(host);
        assertThat(server.port()).isEqualTo(port);
        assertThat(server).hasToString(shown);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                 | empty",
                "127.0.0.1:         | the port must be a number 1-65535",
                "127.0.0.1:0        | DNS server port must be 1-65535: 0",
                "127.0.0.1:65536    | DNS server port must be 1-65535: 65536",
                "127.0.0.1:dns      | the port must be a number 1-65535: \"dns\"",
                "127.0.0.1:-53      | the port must be a number 1-65535",
                "2001:db8::53:5353x | an IPv6 address with a port goes in brackets",
                "[::1               | no closing ]",
                "[::1]5353          | expected :PORT after ]",
                "[ns1.example]:53   | in brackets is not an IPv6 address",
                "ns 1.example       | not a DNS server address or name",
                "ns1..example       | not a DNS server address or name",
                "-ns.example        | not a DNS server address or name",
                "300.1.1.1          | not an IPv4 address",
                "http://ns.example  | the port must be a number 1-65535: \"//ns.example\"",
            })
    void refusesBadTextNamingIt(String text, String problem) {
        assertThatThrownBy(() -> DnsServer.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad DNS server \"" + text + "\"")
                .hasMessageContaining(problem);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "ns.example, false", "localhost, false"})
    void tellsAnAddressFromAName(String text, boolean address) {
        assertThat(DnsServer.parse(text).isAddress()).isEqualTo(address);
    }
}
