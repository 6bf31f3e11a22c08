package dev.mailtls.card;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card.Field;
import dev.mailtls.card.Card.Section;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResultBuilder;
import dev.mailtls.testing.ProbeResults;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardTest {
    static Card card(ProbeResultBuilder b) {
        return Card.of(Report.of(b.build(), new Diagnoser()));
    }

    static List<String> labels(Section s) {
        return s.fields().stream().map(Field::label).toList();
    }

    @Test
    void healthyStartTlsCardFollowsCardMd() {
        Card c = card(ProbeResults.healthySubmission());

        assertThat(c.title()).isEqualTo("smtp.gmail.com:587 — SMTP with STARTTLS — OK");
        assertThat(c.status()).isEqualTo(Status.OK);
        assertThat(c.subtitle())
                .isEqualTo("142.250.102.108 (IPv4, 1 of 2 addresses) · TLSv1.3 · TLS_AES_256_GCM_SHA384");
        assertThat(c.sections()).hasSize(2);
        Section facts = c.sections().get(0);
        assertThat(facts.heading()).isNull();
        assertThat(labels(facts)).containsExactly("Greeting", "Before TLS", "STARTTLS", "After TLS");
        assertThat(facts.fields().get(3).value())
                .isEqualTo("+ AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH   − STARTTLS");
        assertThat(facts.fields()).allMatch(Field::serverText);
        Section cert = c.sections().get(1);
        assertThat(cert.heading()).isEqualTo(new Field("Certificate", "CN=smtp.gmail.com", true));
        assertThat(labels(cert)).containsExactly("issuer", "valid", "names", "key", "trust", "chain");
        assertThat(cert.fields().get(1)).isEqualTo(new Field("valid", "2026-10-30 → 2027-01-19 (51 days left)", false));
        assertThat(cert.fields().get(3).value()).isEqualTo("ECDSA P-256 · SHA256withRSA · SHA-256 5F:3A:…:9C");
        assertThat(cert.fields().get(4).value())
                .isEqualTo("✔ chain of 3 trusted by the JDK store · ✔ matches smtp.gmail.com");
        assertThat(c.timings())
                .isEqualTo(
                        "resolve 3 ms · connect 11 ms · greeting 38 ms · starttls 12 ms · handshake 24 ms · total 96 ms");
        assertThat(c.reproduceCommand())
                .isEqualTo("openssl s_client -connect smtp.gmail.com:587 -servername smtp.gmail.com -starttls smtp");
        assertThat(c.cachedAge()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "SMTP, STARTTLS, SMTP with STARTTLS",
        "POP3, STARTTLS, POP3 with STLS",
        "IMAP, TLS, IMAP with implicit TLS",
        "SMTP, PLAIN, SMTP in plaintext",
        ", STARTTLS, mail with STARTTLS",
    })
    void titleNamesProtocolAndTransport(Protocol protocol, Transport transport, String words) {
        Card c = card(ProbeResults.builder("mail.example.com", 2525, protocol, transport)
                .noTls()
                .greeting("220 hi"));

        assertThat(c.title()).startsWith("mail.example.com:2525 — " + words + " — ");
    }

    @Test
    void yahooCardIsStatusHintsAndTimings() {
        Card c = card(ProbeResults.yahooNoGreeting());

        assertThat(c.title()).isEqualTo("smtp.mail.yahoo.com:587 — SMTP with STARTTLS — FAILED");
        assertThat(c.subtitle()).isEqualTo("98.136.96.74 (IPv4, 1 of 2 addresses)");
        assertThat(c.sections()).isEmpty();
        assertThat(c.hints()).extracting(h -> h.code()).containsExactly(HintCode.NO_GREETING);
        assertThat(c.timings())
                .isEqualTo("resolve 4 ms · connect 88 ms · greeting — (no answer in 10 s) · total 10.1 s");
    }

    @Test
    void gmailAuthProbeShowsTheExchangeAndTheFinalReplyApart() {
        Card c = card(ProbeResults.gmailAppPassword());

        assertThat(c.title()).isEqualTo("smtp.gmail.com:465 — SMTP with implicit TLS — login policy found");
        assertThat(c.status()).isEqualTo(Status.WARNING);
        Field auth = c.sections().get(0).fields().stream()
                .filter(f -> f.label().equals("Auth probe"))
                .findFirst()
                .orElseThrow();
        assertThat(auth.serverText()).isTrue();
        assertThat(auth.value().lines().toList())
                .startsWith(
                        "AUTH LOGIN → 334 Username: → <redacted> → 334 Password: → <redacted>",
                        "← 534-5.7.9 Application-specific password required. Learn more at");
        assertThat(labels(c.sections().get(0))).containsExactly("Greeting", "Capabilities", "Auth probe");
    }

    @Test
    void warningsOtherThanLoginPoliciesSayWarning() {
        Card c = card(ProbeResults.healthySubmission()
                .leaf(Certificates.leaf("smtp.gmail.com").daysLeft(20)));

        assertThat(c.title()).endsWith(" — WARNING");
    }

    @Test
    void hintsKeepTheDiagnosisOrderErrorsFirst() {
        Card c = card(ProbeResults.healthySubmission()
                .leaf(Certificates.leaf("smtp.gmail.com").expiredDaysAgo(3)));

        assertThat(c.hints().get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(c.sections().get(1).fields().get(1).value()).endsWith("(expired 3 days ago)");
    }

    @Test
    void longListsAreCutVisibly() {
        String[] caps = IntStream.range(0, 40).mapToObj(i -> "X-CAP-" + i).toArray(String[]::new);
        String[] greeting = IntStream.range(0, 9).mapToObj(i -> "220-line " + i).toArray(String[]::new);
        Card c = card(ProbeResults.healthySubmission().capsBefore(caps).greeting(greeting));

        List<Field> facts = c.sections().get(0).fields();
        assertThat(facts.get(0).value().lines()).hasSize(6).last().isEqualTo("… (4 more lines)");
        assertThat(facts.get(1).value()).endsWith("X-CAP-15 · … (24 more)");
    }

    @Test
    void popUpgradeIsLabelledStls() {
        Card c = card(ProbeResults.healthyStartTls(Protocol.POP3));

        assertThat(labels(c.sections().get(0))).containsExactly("Greeting", "Before TLS", "STLS", "After TLS");
        assertThat(c.reproduceCommand()).endsWith("-starttls pop3");
    }

    @Test
    void evidenceIsShownWhenNothingElseShowsIt() {
        ProbeResult r = ProbeResults.healthyImplicitTls(Protocol.SMTP)
                .noGreeting()
                .noTls()
                .noCapsAfter()
                .failure(Phase.HANDSHAKE, FailureCode.PLAINTEXT_ON_TLS_PORT, "plaintext", "220 mx.example.com ESMTP")
                .build();

        Card c = Card.of(Report.of(r, new Diagnoser()));

        assertThat(c.sections().get(0).fields()).containsExactly(Field.server("Evidence", "220 mx.example.com ESMTP"));
    }

    @Test
    void theNormalLegacyCheckSaysItRanOnFurtherConnectionsAtTheSameTime() {
        ProbeResult checked = ProbeResults.withLegacy(
                ProbeResults.healthyImplicitTls(Protocol.IMAP)
                        .timing(Phase.LEGACY_TLS, 12)
                        .build(),
                dev.mailtls.tls.LegacyTlsResult.refused("refused"));
        // The same answer without the check's phase: the deep probe's or the legacy-only retry's.
        ProbeResult fromElsewhere = ProbeResults.withLegacy(
                ProbeResults.healthyImplicitTls(Protocol.IMAP).build(),
                dev.mailtls.tls.LegacyTlsResult.refused("refused"));

        assertThat(legacyLine(checked))
                .isEqualTo("refused when offered only them · checked on further connections at the same time");
        assertThat(legacyLine(fromElsewhere)).isEqualTo("refused when offered only them");
    }

    private static String legacyLine(ProbeResult r) {
        return Card.of(Report.of(r, new Diagnoser())).sections().stream()
                .flatMap(s -> s.fields().stream())
                .filter(f -> f.label().equals("TLS 1.0/1.1"))
                .findFirst()
                .orElseThrow()
                .value();
    }

    @Test
    void cachedAgeIsCarried() {
        Card c = card(ProbeResults.healthySubmission()).withCachedAge(Duration.ofSeconds(42));

        assertThat(c.cachedAge()).hasSeconds(42);
        assertThat(c.title()).isEqualTo(card(ProbeResults.healthySubmission()).title());
    }

    @Test
    void theOverviewHoldsTheSubtitlesFactsOneByOne() {
        Card c = card(ProbeResults.healthySubmission());

        assertThat(c.overview())
                .isEqualTo(new Card.Overview(
                        "142.250.102.108",
                        "IPv4, 1 of 2 addresses",
                        "SMTP",
                        Transport.STARTTLS.displayName(),
                        "TLSv1.3",
                        "TLS_AES_256_GCM_SHA384"));
        assertThat(c.subtitle()).isEqualTo(c.overview().line());
    }

    @Test
    void anOverviewWithoutTlsOrAddressSaysSo() {
        Card c = card(ProbeResults.yahooNoGreeting().address(null));

        assertThat(c.overview().address()).isNull();
        assertThat(c.overview().tlsVersion()).isNull();
        assertThat(c.overview().cipherSuite()).isNull();
        assertThat(c.subtitle()).isEmpty();
    }

    @Test
    void theCachedNoteIsSaidOnceForEveryFrontEnd() {
        Card fresh = card(ProbeResults.healthySubmission());

        assertThat(fresh.cachedNote()).isNull();
        assertThat(fresh.withCachedAge(Duration.ofSeconds(42)).cachedNote()).isEqualTo("cached 42 s ago");
        assertThat(fresh.withCachedAge(Duration.ofSeconds(150)).cachedNote()).isEqualTo("cached 2 min ago");
        assertThat(fresh.withCachedAge(Duration.ofHours(3)).cachedNote()).isEqualTo("cached 3 h ago");
    }

    @Test
    void theWorstHintIsTheFirstOfTheMostSevereAndTheOthersKeepTheirOrder() {
        Hint tip = new Hint(HintCode.IMPLICIT_TLS_AVAILABLE, Severity.INFO, "tip", "", "");
        Hint first = new Hint(HintCode.NO_GREETING, Severity.ERROR, "first error", "", "");
        Hint second = new Hint(HintCode.PROBE_FAILED, Severity.ERROR, "second error", "", "");
        Hint warning = new Hint(HintCode.SLOW_GREETING, Severity.WARNING, "slow", "", "");
        Card base = card(ProbeResults.healthySubmission());
        Card c = new Card(
                base.title(),
                Status.FAILURE,
                base.subtitle(),
                base.overview(),
                base.sections(),
                List.of(tip, first, warning, second),
                base.timings(),
                base.transcript(),
                base.reproduceCommand(),
                null);

        assertThat(c.worstHint()).isSameAs(first);
        assertThat(c.otherHints()).containsExactly(tip, warning, second);
        assertThat(base.withCachedAge(null).worstHint())
                .isEqualTo(base.hints().isEmpty() ? null : base.hints().get(0));
    }

    @Test
    void theCertificateSectionCarriesTheLifetimeLeftAtTheProbesStart() {
        Card c = card(ProbeResults.healthySubmission());

        // 2026-10-30 → 2027-01-19, probed 2026-11-29: 51 of 81 days left, as the valid line says.
        assertThat(c.sections().get(1).lifetime()).isEqualTo(new Card.Lifetime(81, 51, "51 of 81 days left"));
        assertThat(c.sections().get(0).lifetime()).isNull();
    }

    @Test
    void anExpiredCertificatesLifetimeIsEmptyAndSaysSo() {
        Card c = card(ProbeResults.healthySubmission()
                .leaf(Certificates.leaf("smtp.gmail.com").expiredDaysAgo(3)));

        Card.Lifetime l = c.sections().get(1).lifetime();
        assertThat(l).isNotNull();
        assertThat(l.daysLeft()).isZero();
        assertThat(l.words()).isEqualTo("expired");
    }
}
