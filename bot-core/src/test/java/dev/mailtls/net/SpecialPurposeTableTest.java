package dev.mailtls.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Walks the whole special-purpose table through the strict policy: the first, a middle and the last
 * address of every block, and every IPv6 spelling of each IPv4 one. Nothing here connects.
 */
class SpecialPurposeTableTest {
    private static final AddressPolicy STRICT =
            new StrictAddressPolicy(List.of(), List.of(), Set.of(25), OwnAddresses.none());

    /** How IPv6 carries an IPv4 address; each applied to every denied IPv4 sample. */
    enum Spelling {
        MAPPED("::ffff:0:0", 12),
        COMPATIBLE("::", 12),
        SIIT("::ffff:0:0:0", 12),
        NAT64("64:ff9b::", 12),
        LOCAL_NAT64_96("64:ff9b:1::", 12),
        SIX_TO_FOUR("2002::", 2),
        TEREDO_SERVER("2001:0:0:0:8000:f227:f7f7:f7f7", 4), // client 8.8.8.8, obfuscated
        ISATAP("2607:f8b0:4000:1:0:5efe::", 12),
        ISATAP_GLOBAL("2607:f8b0:4000:1:200:5efe::", 12);

        final String base;
        final int offset;

        Spelling(String base, int offset) {
            this.base = base;
            this.offset = offset;
        }

        Inet6Address spell(InetAddress v4) throws Exception {
            byte[] b = InetAddress.getByName(base).getAddress();
            if (b.length == 4) { // the JDK read ::ffff:0:0 as IPv4-mapped
                b = new byte[16];
                b[10] = (byte) 0xff;
                b[11] = (byte) 0xff;
            }
            System.arraycopy(v4.getAddress(), 0, b, offset, 4);
            return Inet6Address.getByAddress(null, b, null);
        }
    }

    static Stream<Arguments> entries() {
        return SpecialPurposeAddresses.ALL.stream()
                .map(e -> Arguments.of(e.block().toString(), e));
    }

    /** First, middle and last address of a block. */
    static List<InetAddress> samples(Cidr block) throws Exception {
        int bits = block.network().getAddress().length * 8;
        BigInteger first = new BigInteger(1, block.network().getAddress())
                .shiftRight(bits - block.prefix())
                .shiftLeft(bits - block.prefix());
        BigInteger size = BigInteger.ONE.shiftLeft(bits - block.prefix());
        BigInteger last = first.add(size).subtract(BigInteger.ONE);
        BigInteger middle = first.add(size.shiftRight(1))
                .add(size.compareTo(BigInteger.valueOf(4)) > 0 ? BigInteger.ONE : BigInteger.ZERO);
        List<InetAddress> out = new ArrayList<>();
        for (BigInteger n : List.of(first, middle.min(last), last)) {
            out.add(address(n, bits / 8));
        }
        return out;
    }

    private static InetAddress address(BigInteger n, int length) throws Exception {
        byte[] raw = n.toByteArray();
        byte[] b = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, b, length - copy, copy);
        return length == 16 ? Inet6Address.getByAddress(null, b, null) : InetAddress.getByAddress(b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everyAddressOfADeniedBlockIsRefusedWithItsReason(String name, SpecialPurposeAddresses.Entry entry)
            throws Exception {
        if (!entry.denied()) {
            return;
        }
        for (InetAddress a : samples(entry.block())) {
            String why = STRICT.refusal(a, 25).orElseThrow(() -> new AssertionError(a + " of " + name + " allowed"));
            // An IPv4 address carried inside (2001:0:0:0:: is Teredo server 0.0.0.0) is named first.
            String expected = EmbeddedIpv4.in(a).stream()
                    .filter(e -> SpecialPurposeAddresses.of(e.address())
                            .map(SpecialPurposeAddresses.Entry::denied)
                            .orElse(false))
                    .map(EmbeddedIpv4::describe)
                    .findFirst()
                    .orElse(SpecialPurposeAddresses.of(a).orElseThrow().what());
            assertThat(why).as(a.toString()).contains(expected).doesNotContain("\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everyIpv6SpellingOfADeniedIpv4AddressIsRefused(String name, SpecialPurposeAddresses.Entry entry)
            throws Exception {
        if (!entry.denied() || !(entry.block().network() instanceof Inet4Address)) {
            return;
        }
        for (InetAddress v4 : samples(entry.block())) {
            for (Spelling s : Spelling.values()) {
                Inet6Address v6 = s.spell(v4);
                String why = STRICT.refusal(v6, 25)
                        .orElseThrow(
                                () -> new AssertionError(v6.getHostAddress() + " (" + s + " of " + v4 + ") allowed"));
                if (!(s == Spelling.COMPATIBLE && v4.getAddress()[0] == 0)) { // ::0.0.0.1 is ::1 itself
                    assertThat(why).as(s + " " + v6).contains(v4.getHostAddress());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void globallyReachableEntriesStayReachable(String name, SpecialPurposeAddresses.Entry entry) throws Exception {
        if (entry.reach() != SpecialPurposeAddresses.Reach.GLOBAL) {
            return;
        }
        for (InetAddress a : samples(entry.block())) {
            assertThat(STRICT.refusal(a, 25)).as(a.toString()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "192.0.2.2",
                "198.51.100.7",
                "203.0.113.200",
                "192.0.0.1",
                "198.18.0.1",
                "198.19.255.255",
                "240.0.0.1",
                "255.255.255.254",
                "255.255.255.255",
                "192.88.99.1",
                "::ffff:0:7f00:1",
                "::ffff:0:a00:1",
                "fec0::1",
                "feff::1",
                "100::1",
                "2001:db8::25",
                "64:ff9b:1::7f00:1",
                "64:ff9b:1:808:8:800::",
                "2001:2::1",
                "2001:10::1",
                "3fff::1",
                "5f00::1",
                "4000::1",
                "::808:808",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "2002:7f00:1::1",
                "2001:4860::5efe:7f00:1",
                "fe80::200:5efe:a9fe:a9fe",
                "64:ff9b::a9fe:a9fe"
            })
    void theRangesTheIssueNamesAreDenied(String literal) throws Exception {
        InetAddress a = InetAddress.getByName(literal);
        assertThat(STRICT.refusal(a, 25)).as(literal).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "2001:4860:4860::8888",
                "64:ff9b::808:808",
                "2002:808:808::1",
                "2001:1::1",
                "2001:3::25",
                "2001:20::1",
                "2001:0:808:808:8000:f227:f7f7:f7f7",
                "2607:f8b0:4000:1:200:5efe:808:808",
                "192.31.196.1",
                "2620:4f:8000::1"
            })
    void publicAddressesInEveryEmbeddingFormStayAllowed(String literal) throws Exception {
        assertThat(STRICT.refusal(InetAddress.getByName(literal), 25))
                .as(literal)
                .isEmpty();
    }

    @Test
    void anIpv4MappedAddressKeptAsIpv6IsJudgedAsItsIpv4Address() throws Exception {
        Inet6Address mapped = Spelling.MAPPED.spell(InetAddress.getByName("127.0.0.1"));
        assertThat(STRICT.refusal(mapped, 25))
                .get()
                .asString()
                .contains("127.0.0.1")
                .contains("loopback");
        assertThat(STRICT.refusal(Spelling.MAPPED.spell(InetAddress.getByName("8.8.8.8")), 25))
                .isEmpty();
    }

    @Test
    void theTeredoClientIsDecodedFromItsObfuscatedForm() throws Exception {
        // RFC 4380 §4's layout: server 8.8.8.8 in clear, client 127.0.0.1 with every bit inverted.
        InetAddress teredo = InetAddress.getByName("2001:0:808:808:8000:f227:80ff:fffe");
        assertThat(STRICT.refusal(teredo, 25)).get().asString().contains("127.0.0.1, Teredo client");
    }
}
