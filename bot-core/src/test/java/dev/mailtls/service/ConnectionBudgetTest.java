package dev.mailtls.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per address, and per /24 or /64 as a looser second bound; time advanced on a fake clock. */
class ConnectionBudgetTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ConnectionBudget budget =
            new ConnectionBudget(new Rate(2, Duration.ofMinutes(1)), new Rate(5, Duration.ofMinutes(1)), now::get);

    private ConnectionBudget.Held take(String address) throws Exception {
        return budget.take(InetAddress.getByName(address));
    }

    @Test
    void oneAddressGetsItsRateWhateverItsSpelling() throws Exception {
        assertThat(take("192.0.2.1")).isNull();
        assertThat(take("::ffff:192.0.2.1")).isNull();
        assertThat(take("192.0.2.1")).isEqualTo(ConnectionBudget.Held.connections("192.0.2.1", Duration.ofSeconds(30)));
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(take("192.0.2.1")).isNull();
    }

    @Test
    void neighboursShareTheLooserBoundOfTheirSlash24() throws Exception {
        assertThat(take("192.0.2.1")).isNull();
        assertThat(take("192.0.2.1")).isNull();
        assertThat(take("192.0.2.2")).isNull();
        assertThat(take("192.0.2.2")).isNull();
        assertThat(take("192.0.2.3")).isNull();
        assertThat(take("192.0.2.4"))
                .isEqualTo(ConnectionBudget.Held.connections("192.0.2.0/24", Duration.ofSeconds(12)));
        // Another /24 has its own budget.
        assertThat(take("192.0.3.4")).isNull();
        // The refused connection was not made: 192.0.2.4 still has both of its own once the /24 refills.
        now.addAndGet(Duration.ofSeconds(24).toNanos());
        assertThat(take("192.0.2.4")).isNull();
        assertThat(take("192.0.2.4")).isNull();
    }

    @Test
    void ipv6NeighboursShareTheirSlash64() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(take("2001:db8::" + i)).isNull();
        }
        assertThat(take("2001:db8::6")).extracting(ConnectionBudget.Held::where).isEqualTo("[2001:db8:0:0:0:0:0:0]/64");
        assertThat(take("2001:db8:0:1::6")).isNull();
    }
}
