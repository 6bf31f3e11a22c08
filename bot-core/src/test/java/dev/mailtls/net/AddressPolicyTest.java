package dev.mailtls.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF corpus against the strict policy; nothing here opens a connection. */
class AddressPolicyTest {
    private static final AddressPolicy STRICT = AddressPolicy.strict(List.of(), List.of(), AddressPolicy.MAIL_PORTS);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.255.254",
                "10.0.0.1",
                "10.255.255.255",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "169.254.0.1",
                "100.64.0.1",
                "100.127.255.255",
                "0.0.0.0",
                "0.1.2.3",
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "::",
                "::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "::127.0.0.1",
                "fd00::1",
                "fc00::1",
                "fe80::1",
                "ff02::1",
                "64:ff9b::7f00:1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::1",
                "2002:c0a8:101::1"
            })
    void internalAddressesAreDenied(String literal) throws Exception {
        assertThat(STRICT.refusal(ip(literal), 25)).as(literal).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "142.250.102.108", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888"})
    void publicAddressesAreAllowed(String literal) throws Exception {
        assertThat(STRICT.refusal(ip(literal), 587)).as(literal).isEmpty();
    }

    @Test
    void refusalNamesTheRange() throws Exception {
        assertThat(STRICT.refusal(ip("169.254.169.254"), 25)).get().asString().contains("metadata");
        assertThat(STRICT.refusal(ip("::ffff:10.1.2.3"), 25)).get().asString().contains("RFC 1918");
    }

    @Test
    void onlyTheMailPortsAreAllowed() throws Exception {
        assertThat(STRICT.refusal(ip("8.8.8.8"), 8080)).get().asString().contains("port 8080");
        for (int port : new int[] {25, 465, 587, 2525, 110, 995, 143, 993}) {
            assertThat(STRICT.refusal(ip("8.8.8.8"), port)).isEmpty();
        }
    }

    @Test
    void operatorsAllowTheirOwnRangesAndDenyOthers() throws Exception {
        AddressPolicy p = AddressPolicy.strict(
                List.of(Cidr.parse("10.1.0.0/16")), List.of(Cidr.parse("203.0.113.0/24")), AddressPolicy.MAIL_PORTS);
        assertThat(p.refusal(ip("10.1.2.3"), 25)).isEmpty();
        assertThat(p.refusal(ip("::ffff:10.1.2.3"), 25)).isEmpty();
        assertThat(p.refusal(ip("10.2.0.1"), 25)).isPresent();
        assertThat(p.refusal(ip("203.0.113.9"), 25))
                .get()
                .asString()
                .isEqualTo("203.0.113.9 is in a range the operator denies");
    }

    @Test
    void refusalsNameNeitherThePortListNorTheOperatorsRanges() throws Exception {
        // Refusals reach chat channels and anonymous web users: the operator's configuration stays private.
        AddressPolicy p =
                AddressPolicy.strict(List.of(), List.of(Cidr.parse("198.51.100.0/24")), AddressPolicy.MAIL_PORTS);
        assertThat(p.refusal(ip("198.51.100.7"), 8080))
                .get()
                .asString()
                .isEqualTo("port 8080 is not one of the ports this service probes")
                .doesNotContain("465")
                .doesNotContain("[");
        assertThat(p.refusal(ip("198.51.100.7"), 25)).get().asString().doesNotContain("198.51.100.0/24");
    }

    @Test
    void permitAllPermitsEverything() throws Exception {
        assertThat(AddressPolicy.permitAll().refusal(ip("127.0.0.1"), 1)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.com/24", "10.0.0.0/33", "fd00::/129", "banana", "10.0.0/8"})
    void badBlocksAreRejectedWithTheirText(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blocksMatchOnTheirPrefix() throws Exception {
        Cidr c = Cidr.parse("172.16.0.0/12");
        assertThat(c.contains(ip("172.31.0.1"))).isTrue();
        assertThat(c.contains(ip("172.32.0.1"))).isFalse();
        assertThat(Cidr.parse("fd00::/8").contains(ip("fdff::1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(ip("fd00::1"))).isFalse();
    }
}
