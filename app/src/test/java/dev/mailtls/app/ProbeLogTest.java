package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.auth.Credentials;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.testing.ProbeResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One line per probe and refusal, a sample of the cache hits: who, what, outcome, time; never
 * credentials.
 */
class ProbeLogTest {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ProbeLog log = new ProbeLog(new Diagnoser(DiagnosisThresholds.defaults()), lines::add, nanos::get);
    private final ServiceResult.Asked asked =
            new ServiceResult.Asked("token:1a2b3c4d", Instant.parse("2026-11-29T10:00:00Z"));

    @Test
    void probeLineNamesRequesterTargetKindOutcomeAndMilliseconds() {
        ProbeResult r = ProbeResults.healthySubmission().build();

        log.probed(r.request(), new ServiceResult.Probed(r, null, asked), 123_000_000L);

        assertThat(lines)
                .containsExactly(
                        "probe requester=token:1a2b3c4d target=smtp.gmail.com:587 smtp/starttls outcome=ok" + " 123ms");
    }

    @Test
    void cacheHitLineSaysHowOldTheResultIs() {
        ProbeResult r = ProbeResults.healthySubmission().build();

        log.cacheHit(r.request(), new ServiceResult.Probed(r, Duration.ofSeconds(42), asked));

        assertThat(lines.get(0))
                .startsWith("cache-hit requester=token:1a2b3c4d")
                .endsWith("(cached 42s ago)");
    }

    @Test
    void failedProbeLineCarriesTheFailureCode() {
        ProbeResult r = ProbeResults.builder("mail.example.com", 25, Protocol.SMTP, Transport.STARTTLS)
                .failure(Phase.CONNECT, FailureCode.CONNECT_REFUSED, "connection refused", null)
                .build();

        log.probed(r.request(), new ServiceResult.Probed(r, null, asked), 5_000_000L);

        assertThat(lines.get(0)).contains("outcome=failure/CONNECT_REFUSED").endsWith(" 5ms");
    }

    @Test
    void credentialsAreFlaggedNeverLogged() {
        ProbeOptions withCreds =
                ProbeOptions.defaults().withAuthProbe(true, new Credentials("alice@example.com", "s3cret-pw"), false);
        ProbeResult r = ProbeResults.healthySubmission().options(withCreds).build();

        log.probed(r.request(), new ServiceResult.Probed(r, null, asked), 1_000_000L);

        assertThat(lines.get(0))
                .contains("with-credentials")
                .doesNotContain("alice")
                .doesNotContain("s3cret");
    }

    @Test
    void throttledLineSaysWhenToRetryAndHasNoControlCharacters() {
        ProbeRequest request = new ProbeRequest("mail.example.com", 587, null, null, ProbeOptions.defaults());
        ServiceResult.Asked fromIp = new ServiceResult.Asked("ip:203.0.113.9\nforged", asked.at());

        log.throttled(request, new ServiceResult.Throttled("too many probes", Duration.ofSeconds(12), fromIp));

        assertThat(lines)
                .containsExactly(
                        "throttled requester=ip:203.0.113.9\\x0Aforged target=mail.example.com:587 unknown/auto"
                                + " outcome=throttled retry-after=12s (too many probes)");
    }

    @Test
    void aDeepProbeIsMarkedDeepInItsLines() {
        ProbeResult r = ProbeResults.healthySubmission()
                .options(ProbeOptions.defaults().withDeep(true))
                .build();

        log.probed(r.request(), new ServiceResult.Probed(r, null, asked), 2_000_000L);
        log.throttled(r.request(), new ServiceResult.Throttled("a deep probe makes", Duration.ofSeconds(300), asked));

        assertThat(lines.get(0))
                .isEqualTo(
                        "probe requester=token:1a2b3c4d target=smtp.gmail.com:587 smtp/starttls deep outcome=ok 2ms");
        assertThat(lines.get(1)).contains(" smtp/starttls deep outcome=throttled retry-after=300s");
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private ServiceResult.Probed hit(ProbeResult r, String requester, long ageSeconds) {
        return new ServiceResult.Probed(
                r, Duration.ofSeconds(ageSeconds), new ServiceResult.Asked(requester, asked.at()));
    }

    @Test
    void cacheHitsAreLoggedOncePerWindowWithTheCountOfThoseNotLogged() {
        ProbeResult r = ProbeResults.healthySubmission().build();

        log.cacheHit(r.request(), hit(r, "token:1a2b3c4d", 1));
        for (int i = 0; i < 999; i++) {
            log.cacheHit(r.request(), hit(r, "token:1a2b3c4d", 2));
        }
        advance(ProbeLog.CACHE_HIT_WINDOW.minusMillis(1));
        log.cacheHit(r.request(), hit(r, "token:1a2b3c4d", 61));
        assertThat(lines).hasSize(1);
        advance(Duration.ofMillis(1));
        log.cacheHit(r.request(), hit(r, "token:1a2b3c4d", 62));

        assertThat(lines)
                .containsExactly(
                        "cache-hit requester=token:1a2b3c4d target=smtp.gmail.com:587 smtp/starttls outcome=ok 0ms"
                                + " (cached 1s ago)",
                        "cache-hit requester=token:1a2b3c4d target=smtp.gmail.com:587 smtp/starttls outcome=ok 0ms"
                                + " (cached 62s ago; 1000 more cache hits since the last line)");
    }

    @Test
    void eachRequesterAndTargetHasItsOwnWindow() {
        ProbeResult gmail = ProbeResults.healthySubmission().build();
        ProbeResult yahoo = ProbeResults.yahooNoGreeting().build();

        log.cacheHit(gmail.request(), hit(gmail, "token:aaaa0000", 1));
        log.cacheHit(gmail.request(), hit(gmail, "token:bbbb1111", 1));
        log.cacheHit(yahoo.request(), hit(yahoo, "token:aaaa0000", 1));
        log.cacheHit(gmail.request(), hit(gmail, "token:aaaa0000", 1));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("requester=token:aaaa0000 target=smtp.gmail.com:587");
        assertThat(lines.get(1)).contains("requester=token:bbbb1111 target=smtp.gmail.com:587");
        assertThat(lines.get(2)).contains("requester=token:aaaa0000 target=smtp.mail.yahoo.com:587");
    }

    @Test
    void everyProbeRunIsStillOneLineWhateverTheCacheHitsAround() {
        ProbeResult r = ProbeResults.healthySubmission().build();

        for (int i = 0; i < 3; i++) {
            log.probed(r.request(), new ServiceResult.Probed(r, null, asked), 7_000_000L);
            log.cacheHit(r.request(), hit(r, "token:1a2b3c4d", 1));
            log.cacheHit(r.request(), hit(r, "token:1a2b3c4d", 1));
        }

        assertThat(lines.stream().filter(l -> l.startsWith("probe ")).toList())
                .hasSize(3)
                .allMatch(l -> l.equals(
                        "probe requester=token:1a2b3c4d target=smtp.gmail.com:587 smtp/starttls outcome=ok 7ms"));
        assertThat(lines.stream().filter(l -> l.startsWith("cache-hit ")).count())
                .isEqualTo(1);
    }

    @Test
    void concurrentHitsWriteOneLineAndTheNextCountsThemAll() {
        ProbeResult r = ProbeResults.healthySubmission().build();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 32; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < 500; i++) {
                        log.cacheHit(r.request(), hit(r, "token:1a2b3c4d", 5));
                    }
                });
            }
        }
        assertThat(lines).hasSize(1);

        advance(ProbeLog.CACHE_HIT_WINDOW);
        log.cacheHit(r.request(), hit(r, "token:1a2b3c4d", 65));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1))
                .endsWith("(cached 65s ago; " + (32 * 500 - 1) + " more cache hits since the last line)");
    }

    @Test
    void idleRequesterTargetPairsAreForgottenPastTheBound() {
        ProbeResult r = ProbeResults.healthySubmission().build();
        for (int i = 0; i <= ProbeLog.MAX_HIT_KEYS; i++) {
            log.cacheHit(r.request(), hit(r, "ip:10.0." + i / 256 + "." + i % 256, 1));
        }
        assertThat(log.rememberedHitKeys()).isEqualTo(ProbeLog.MAX_HIT_KEYS + 1);

        advance(ProbeLog.CACHE_HIT_WINDOW.multipliedBy(3));
        log.cacheHit(r.request(), hit(r, "token:1a2b3c4d", 1));

        assertThat(log.rememberedHitKeys()).isEqualTo(1);
        assertThat(lines).hasSize(ProbeLog.MAX_HIT_KEYS + 2);
    }
}
