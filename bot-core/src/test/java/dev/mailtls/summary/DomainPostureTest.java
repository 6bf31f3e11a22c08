package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Change detection of what a domain publishes, fact by fact; unknown facts are never compared. */
class DomainPostureTest {
    private static DomainPosture.Mx mx(String host, int pref, List<String> addresses, String dnssec, String... tlsa) {
        return new DomainPosture.Mx(host, pref, addresses, dnssec, List.of(tlsa));
    }

    private static final DomainPosture BASE = new DomainPosture(
            "listed",
            List.of(mx("mx1.a.test", 10, List.of("192.0.2.1"), "secure", "3 1 1 aa")),
            "v=STSv1; id=1;",
            new DomainPosture.Policy("enforce", List.of("mx1.a.test"), 86400),
            "",
            List.of("_imaps._tcp imap.a.test:993"));

    private static List<String> changes(DomainPosture then, DomainPosture now) {
        return now.changesSince(then, "domain:a.test").stream()
                .map(c -> c.kind() + " " + c.detail())
                .toList();
    }

    @Test
    void nothingChangedIsNoChange() {
        assertThat(changes(BASE, DomainPosture.fromJson(BASE.toJson()))).isEmpty();
    }

    @Test
    void preferenceAddressesDnssecTlsRptAndServicesAreEachNamed() {
        DomainPosture now = new DomainPosture(
                "listed",
                List.of(mx("mx1.a.test", 20, List.of("192.0.2.1", "192.0.2.7"), "bogus", "3 1 1 aa")),
                BASE.mtaStsRecord(),
                BASE.policy(),
                "v=TLSRPTv1; rua=mailto:r@a.test",
                List.of("_submissions._tcp smtp.a.test:465"));
        assertThat(changes(BASE, now))
                .containsExactlyInAnyOrder(
                        "MX_CHANGED MX mx1.a.test: preference 10 → 20",
                        "MX_CHANGED MX mx1.a.test addresses: +192.0.2.7",
                        "DNSSEC_CHANGED DNSSEC of mx1.a.test: secure → bogus",
                        "TLSRPT_CHANGED TLS-RPT record: none → \"v=TLSRPTv1; rua=mailto:r@a.test\"",
                        "SRV_CHANGED client services: +_submissions._tcp smtp.a.test:465, −_imaps._tcp imap.a.test:993");
    }

    @Test
    void aNullMxReplacingTheHostsIsSaidPlainly() {
        DomainPosture now = new DomainPosture("null-mx", List.of(), "", null, "", List.of());
        assertThat(changes(BASE, now))
                .contains(
                        "MX_CHANGED mail servers: MX records → null MX (accepts no mail)",
                        "MX_REMOVED MX removed: 10 mx1.a.test",
                        "MTA_STS_CHANGED MTA-STS record: \"v=STSv1; id=1;\" → none");
    }

    @Test
    void factsNotKnownThisRunAreNotComparedAsRemoved() {
        DomainPosture failed =
                new DomainPosture("dns-failed", List.of(mx("mx1.a.test", 10, null, null)), null, null, null, List.of());
        assertThat(changes(BASE, failed)).isEmpty();
        assertThat(changes(failed, BASE)).isEmpty();
    }

    @Test
    void aStoredPostureThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> DomainPosture.fromJson("{\"mx\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no mxKind");
        assertThatThrownBy(() -> DomainPosture.fromJson("{"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a stored domain posture");
    }
}
