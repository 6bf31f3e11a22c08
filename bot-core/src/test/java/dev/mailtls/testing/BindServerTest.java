package dev.mailtls.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starts BIND once with a signed parent and a signed child, and checks what the fixture promises. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BindServerTest {

    private static BindServer bind;

    @BeforeAll
    static void start() {
        BindServer.assumeAvailable();
        bind = BindServer.start(
                DnsZone.signed("parent.test").with("www A 127.0.0.7"),
                DnsZone.signed("child.parent.test").with("www A 127.0.0.8"));
    }

    @AfterAll
    static void stopLeavesNoProcessBehind() {
        if (bind == null) {
            return;
        }
        List<ProcessHandle> processes = bind.processes();
        assertThat(processes).isNotEmpty();
        bind.close();
        assertThat(processes).noneMatch(ProcessTree::running);
    }

    @Test
    void theAnchorIsTheTopZonesKskOnly() {
        assertThat(bind.trustAnchors().lines())
                .singleElement()
                .satisfies(
                        ds -> assertThat(ds).startsWith("parent.test. IN DS ").contains(" 13 2 "));
        assertThat(bind.trustAnchorKeys().lines())
                .singleElement()
                .satisfies(key -> assertThat(key).startsWith("parent.test. ").contains("DNSKEY 257 3 13 "));
    }

    @Test
    void aSignedChildValidatesThroughItsParentsDs() {
        assertThat(bind.delv("www.child.parent.test", "A"))
                .contains("fully validated")
                .contains("127.0.0.8");
    }

    @Test
    void aZoneNamedCannotLoadFailsTheStartWithNamedsWords() {
        assertThatThrownBy(
                        () -> BindServer.start(DnsZone.unsigned("broken.test").with("www A not-an-address")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken.test")
                .hasMessageContaining("not-an-address");
    }

    @Test
    void breakingASignatureThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> BindServer.start(
                        DnsZone.signed("sig.test").with("www A 127.0.0.9").withBrokenSignature("mail", "A")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no RRSIG over mail.sig.test. A in the signed zone sig.test");
    }
}
