package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The domain rules on DNSSEC: what a resolver that cannot support validation does to the hints. */
class DomainRulesTest {

    private static final TlsaRecord TLSA = new TlsaRecord(3, 1, 1, "ab".repeat(32));

    private static MxHost host(String name, DaneCheck dane) {
        return new MxHost(name, 10, List.of("192.0.2.1"), null, dane, List.of(), List.of());
    }

    /** A secure match, an unsigned zone's records and a bogus answer, one host each. */
    private static final List<MxHost> HOSTS = List.of(
            host("ok.example.test", new DaneCheck(DnssecState.SECURE, List.of(TLSA), true, "they match")),
            host(
                    "unsigned.example.test",
                    new DaneCheck(DnssecState.INSECURE, List.of(TLSA), null, "TLSA records without DNSSEC")),
            host("bogus.example.test", new DaneCheck(DnssecState.BOGUS, List.of(), null, "signature expired")));

    private static List<Hint> diagnose(DnssecSupport support) {
        return DomainRules.diagnose(
                "example.test",
                DomainReport.MxKind.LISTED,
                null,
                DnsAnswer.ok(List.of(new MxRecord(10, "ok.example.test")), DnssecState.SECURE),
                HOSTS,
                HOSTS.size(),
                PolicyChecks.none(),
                List.of(),
                support);
    }

    private static List<HintCode> daneAndDnssec(List<Hint> hints) {
        return hints.stream()
                .map(Hint::code)
                .filter(c -> c.name().startsWith("DANE_") || c.name().startsWith("DNSSEC_"))
                .toList();
    }

    @Test
    void aResolverThatValidatesKeepsEveryDaneHint() {
        List<Hint> hints = diagnose(DnssecSupport.validates("the resolver 192.0.2.53:53"));

        assertThat(daneAndDnssec(hints))
                .containsExactlyInAnyOrder(HintCode.DANE_OK, HintCode.DANE_INSECURE, HintCode.DANE_BOGUS);
    }

    @Test
    void aResolverWithoutSignaturesGivesOneWarningWithTheFixAndNoDaneHint() {
        List<Hint> hints = diagnose(new DnssecSupport(
                DnssecSupport.Verdict.NO_SIGNATURES,
                "the system resolver 192.168.1.1:53",
                "192.168.1.1:53 answered without the DNSKEY records of the root zone (.)"));

        assertThat(daneAndDnssec(hints)).containsExactly(HintCode.DNSSEC_UNAVAILABLE);
        Hint h = hints.stream()
                .filter(x -> x.code() == HintCode.DNSSEC_UNAVAILABLE)
                .findFirst()
                .orElseThrow();
        assertThat(h.severity()).isEqualTo(Severity.WARNING);
        assertThat(h.summary())
                .isEqualTo("DNSSEC cannot be checked: the system resolver 192.168.1.1:53 does not pass DNSSEC"
                        + " signatures");
        assertThat(h.detail())
                .startsWith("192.168.1.1:53 answered without the DNSKEY records of the root zone (.). ")
                .contains("indeterminate")
                .contains("DANE");
        assertThat(h.fix()).contains("--dns").contains("MAILTLS_DNS_SERVER").contains("unbound");
        assertThat(h.fix()).contains("--dnssec-anchor");
    }

    @Test
    void keysThatDoNotMatchTheAnchorsPointAtTheAnchors() {
        List<Hint> hints = diagnose(new DnssecSupport(
                DnssecSupport.Verdict.NOT_ANCHORED,
                "the resolver 127.0.0.1:5353",
                "127.0.0.1:5353 sent the DNSKEY records of example.test signed, but they do not validate against"
                        + " anchors.db"));

        assertThat(daneAndDnssec(hints)).containsExactly(HintCode.DNSSEC_UNAVAILABLE);
        Hint h = hints.stream()
                .filter(x -> x.code() == HintCode.DNSSEC_UNAVAILABLE)
                .findFirst()
                .orElseThrow();
        assertThat(h.summary()).contains("do not match the trust anchors").contains("127.0.0.1:5353");
        assertThat(h.fix()).contains("--dnssec-anchor").contains("clock");
    }

    @Test
    void aResolverThatDidNotAnswerTheQuestionChangesNothing() {
        List<Hint> hints = diagnose(new DnssecSupport(
                DnssecSupport.Verdict.NO_ANSWER, "the resolver 192.0.2.53:53", "no answer from 192.0.2.53:53 in 5 s"));

        assertThat(daneAndDnssec(hints))
                .containsExactlyInAnyOrder(HintCode.DANE_OK, HintCode.DANE_INSECURE, HintCode.DANE_BOGUS);
    }

    @Test
    void onlyAVerdictThatValidatesNeedsNoReason() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new DnssecSupport(DnssecSupport.Verdict.NO_SIGNATURES, "the resolver x", null))
                .withMessageContaining("NO_SIGNATURES");
        assertThat(DnssecSupport.validates("r").indeterminate()).isFalse();
    }
}
