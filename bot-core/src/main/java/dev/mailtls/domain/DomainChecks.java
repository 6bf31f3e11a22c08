package dev.mailtls.domain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Ticker;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.tls.TrustEvaluator;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Domain checks as the server runs them for people (the API, chat, the web page): each check is
 * admitted once per person like a group run, its MX probes go through the probe service (cache,
 * dedupe, the per-address connection budget, the server's address policy) and its MTA-STS fetch
 * through the address policy on port 443, the same connection budget, and a cache of fetches that
 * also shares one fetch between checks of a domain at the same time.
 */
public final class DomainChecks {
    /** The answer to one person's domain check. */
    public sealed interface Answer {
        /** The check ran. */
        record Checked(DomainReport report) implements Answer {}

        /** The person started too many checks in a short time. */
        record Throttled(ServiceResult.Throttled throttled) implements Answer {}
    }

    private final DomainDns dns;
    private final ProbeService service;
    private final Diagnoser diagnoser;
    private final ProbeOptions options;
    private final MtaStsFetcher fetcher;
    private final Duration deadline;
    private final Clock clock;
    /**
     * Policy fetches by domain, kept as long as the service keeps probe results: a second check of a
     * domain within that time reuses the fetch (unless fresh), and checks of one domain at the same
     * time share one fetch. A fetch the connection limits held back is never kept.
     */
    private final Cache<String, MtaStsFetch> fetches;

    /**
     * @param fetchPolicy the server's address policy for the MTA-STS fetch (its ports: 443)
     * @param trust the trust store of the fetch (the JDK's plus the operator's CA file)
     */
    public DomainChecks(
            DomainDns dns,
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            AddressPolicy fetchPolicy,
            TrustEvaluator trust,
            Duration deadline,
            Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.service = Objects.requireNonNull(service, "service");
        this.diagnoser = Objects.requireNonNull(diagnoser, "diagnoser");
        this.options = Objects.requireNonNull(options, "options");
        this.fetcher = new MtaStsFetcher(dns, fetchPolicy, trust);
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fetches = Caffeine.newBuilder()
                .maximumSize(1_000)
                .expireAfterWrite(service.cacheTtl())
                .build();
    }

    /**
     * Checks {@code domain} for {@code requester}: one admission ({@link #admit}), then the check
     * ({@link #checkAdmitted}).
     *
     * @param fresh probe the MX addresses again rather than use cached results
     * @throws IllegalArgumentException when {@code domain} is not a mail domain (a usage error)
     */
    public Answer check(String domain, String requester, boolean fresh) {
        String checked = DomainCheck.normalise(domain);
        Optional<ServiceResult.Throttled> refused = admit(requester);
        if (refused.isPresent()) {
            return new Answer.Throttled(refused.get());
        }
        return new Answer.Checked(checkAdmitted(checked, requester, fresh));
    }

    /**
     * Whether {@code requester} may start a domain check now: empty, or when to try again. A check
     * counts like a group run ({@link ProbeService#admitGroupRun}). A chat front end asks this before
     * it acknowledges, so that a throttled person gets no "Checking…", then runs the check with
     * {@link #checkAdmitted}: one admission per check.
     */
    public Optional<ServiceResult.Throttled> admit(String requester) {
        return service.admitGroupRun(requester);
    }

    /**
     * Checks {@code domain} for {@code requester}, who was admitted with {@link #admit} for this
     * check; blocks up to the check's deadline.
     *
     * @param fresh probe the MX addresses again rather than use cached results
     * @throws IllegalArgumentException when {@code domain} is not a mail domain (a usage error)
     */
    public DomainReport checkAdmitted(String domain, String requester, boolean fresh) {
        return newCheck(requester, fresh).check(DomainCheck.normalise(domain));
    }

    /**
     * Checks a group's domain line: fresh (a schedule must see the servers now), not under the
     * per-person limits, inside the per-address connection budget and the concurrency bound, like
     * the group's other targets ({@link ProbeService#submitForGroup}).
     *
     * @param group the requester the group's probes run as, e.g. {@code group:acme}
     */
    public DomainReport checkForGroup(String domain, String group) {
        return newCheck(group, true).check(domain);
    }

    /** The policy of {@code domain}: kept, shared or fetched through the service's connection budget. */
    private MtaStsFetch fetch(String domain, Duration within, boolean fresh) {
        MtaStsFetch f = fresh
                ? fetcher.fetch(domain, within, service.connectionGate())
                : fetches.get(domain, d -> fetcher.fetch(d, within, service.connectionGate()));
        if (f.failure() != null && f.failure().reason() == MtaStsFetch.Reason.THROTTLED) {
            fetches.asMap().remove(domain, f);
        } else if (fresh) {
            fetches.put(domain, f);
        }
        return f;
    }

    private DomainCheck newCheck(String requester, boolean fresh) {
        return new DomainCheck(
                dns,
                request -> service.submitAsPart(request, requester, fresh),
                (domain, within) -> fetch(domain, within, fresh),
                diagnoser,
                options,
                deadline,
                clock,
                Ticker.SYSTEM);
    }
}
