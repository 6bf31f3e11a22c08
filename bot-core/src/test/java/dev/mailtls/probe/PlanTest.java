package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The order of a probe's steps is data: each transport's plan, read as a list. */
class PlanTest {

    @Test
    void implicitTlsShakesHandsBeforeTheGreeting() {
        assertThat(Plan.of(Transport.TLS).names())
                .containsExactly(
                        "resolve",
                        "connect",
                        "handshake",
                        "greeting",
                        "capabilities",
                        "auth",
                        "close",
                        "legacyTls",
                        "deepTls",
                        "commandInjection");
    }

    @Test
    void starttlsUpgradesAfterThePlaintextCapabilitiesAndAsksForThemAgain() {
        assertThat(Plan.of(Transport.STARTTLS).names())
                .containsExactly(
                        "resolve",
                        "connect",
                        "greeting",
                        "capabilities",
                        "starttls",
                        "handshake",
                        "postTlsCapabilities",
                        "auth",
                        "close",
                        "legacyTls",
                        "deepTls",
                        "commandInjection");
    }

    @Test
    void plaintextNeverUpgrades() {
        assertThat(Plan.of(Transport.PLAIN).names())
                .containsExactly(
                        "resolve",
                        "connect",
                        "greeting",
                        "capabilities",
                        "auth",
                        "close",
                        "legacyTls",
                        "deepTls",
                        "commandInjection");
    }

    @Test
    void autoLetsTheCapabilitiesChooseAndASilentPortTurnsToTheImplicitTlsLook() {
        assertThat(Plan.of((Transport) null).names())
                .containsExactly(
                        "resolve",
                        "connect",
                        "greeting",
                        "capabilities",
                        "transport",
                        "legacyTls",
                        "deepTls",
                        "commandInjection");
        assertThat(Plan.modeCheck(Duration.ofSeconds(4)).names()).startsWith("modeCheck");
        // Where each choice leads: the rest of STARTTLS, of plaintext, of implicit TLS after its handshake.
        assertThat(Plan.STARTTLS_UPGRADE.names())
                .startsWith("starttls", "handshake", "postTlsCapabilities", "auth", "close");
        assertThat(Plan.PLAIN_SESSION.names()).startsWith("auth", "close");
        assertThat(Plan.TLS_SESSION.names()).startsWith("greeting", "capabilities", "auth", "close");
        assertThat(Plan.GOODBYE.names()).startsWith("quit");
    }

    @Test
    void thePlanFollowsTheTransportAskedForElseThePortsElseAuto() {
        ProbeOptions o = ProbeOptions.defaults();
        assertThat(Plan.of(new ProbeRequest("mx.test", 465, Protocol.SMTP, null, o)))
                .isSameAs(Plan.IMPLICIT_TLS);
        assertThat(Plan.of(new ProbeRequest("mx.test", 587, null, null, o))).isSameAs(Plan.STARTTLS);
        assertThat(Plan.of(new ProbeRequest("mx.test", 465, null, Transport.PLAIN, o)))
                .isSameAs(Plan.PLAIN);
        assertThat(Plan.of(new ProbeRequest("mx.test", 2500, null, null, o))).isSameAs(Plan.AUTO);
    }
}
