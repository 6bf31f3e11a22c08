package dev.mailtls.summary;

import dev.mailtls.card.JsonRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.domain.DomainCheck;
import dev.mailtls.domain.DomainJsonRenderer;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.domain.MxHost;
import dev.mailtls.domain.MxProbe;
import dev.mailtls.domain.SrvCheck;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Runs a target group: every target probed concurrently through the {@link ProbeService},
 * bypassing the cache (a scheduled check must see the server now) but inside the throttles. A
 * target the throttles hold back is retried after the service's "try again in N s" until the run's
 * budget is spent; one still not probed then is recorded as {@code NOT_PROBED}, never dropped.
 */
public final class GroupRunner {
    /** The failure code of a target the throttles kept back for the whole run. */
    public static final String NOT_PROBED = "NOT_PROBED";

    /**
     * Checks a group's domain line as {@code mailtls domain} does, fresh and inside the service's
     * per-address budget (e.g. {@code DomainChecks::checkForGroup}).
     */
    @FunctionalInterface
    public interface DomainRunner {
        DomainReport check(String domain, String group) throws InterruptedException;
    }

    /** Sleeps between retries; tests pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final ProbeService service;
    private final Diagnoser diagnoser;
    private final ProbeOptions options;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration budget;
    private final @Nullable DomainRunner domains;

    /**
     * @param budget how long a run may wait for throttles in total, e.g. 10 minutes
     * @param domains checks the group's {@code domain:} lines; null for runners of endpoints only
     *     (presets and scans), which refuse a group with a domain line
     */
    public GroupRunner(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            Clock clock,
            Sleeper sleeper,
            Duration budget,
            @Nullable DomainRunner domains) {
        this.service = service;
        this.diagnoser = diagnoser;
        this.options = options;
        this.clock = clock;
        this.sleeper = sleeper;
        this.budget = budget;
        this.domains = domains;
    }

    /** For endpoints only. */
    public GroupRunner(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            Clock clock,
            Sleeper sleeper,
            Duration budget) {
        this(service, diagnoser, options, clock, sleeper, budget, null);
    }

    /** With the system clock, real sleeps and a 10-minute budget. */
    public GroupRunner(
            ProbeService service, Diagnoser diagnoser, ProbeOptions options, @Nullable DomainRunner domains) {
        this(service, diagnoser, options, Clock.systemUTC(), d -> Thread.sleep(d), Duration.ofMinutes(10), domains);
    }

    /** For endpoints only, with the system clock, real sleeps and a 10-minute budget. */
    public GroupRunner(ProbeService service, Diagnoser diagnoser, ProbeOptions options) {
        this(service, diagnoser, options, null);
    }

    /**
     * Probes every target of the group.
     *
     * @param trigger what started the run: {@code schedule}, {@code cli}, {@code api}, {@code chat}
     * @throws UsageException when a target of the group does not parse
     */
    public GroupRun run(TargetGroup group, String trigger) throws UsageException, InterruptedException {
        List<GroupTarget> entries = group.entries();
        if (domains == null && entries.stream().anyMatch(GroupTarget.Domain.class::isInstance)) {
            throw new UsageException("group " + group.name() + " lists domains, which only configured groups may");
        }
        Instant started = clock.instant();
        Instant until = started.plus(budget);
        String requester = "group:" + group.name();
        List<Future<List<Probed>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (GroupTarget entry : entries) {
                futures.add(pool.submit(() -> switch (entry) {
                    case GroupTarget.Endpoint e -> List.of(probe(e.text(), e.command(), requester, until));
                    case GroupTarget.Domain d -> domain(d, requester);
                }));
            }
            List<TargetSnapshot> snapshots = new ArrayList<>();
            Map<String, String> cards = new LinkedHashMap<>();
            for (Future<List<Probed>> f : futures) {
                for (Probed p : f.get()) {
                    snapshots.add(p.snapshot());
                    if (p.card() != null) {
                        cards.put(p.snapshot().target(), p.card());
                    }
                }
            }
            return new GroupRun(0, group.name(), started, trigger, snapshots, cards, clock.instant());
        } catch (ExecutionException e) {
            throw new IllegalStateException("a probe of group " + group.name() + " failed", e.getCause());
        }
    }

    /** One row of the run and its JSON card (a probe's or a domain's), null when not probed. */
    private record Probed(TargetSnapshot snapshot, @Nullable String card) {
        /** One renderer for every row: building its Jackson mapper per probe cost a fleet sweep CPU. */
        private static final JsonRenderer CARDS = new JsonRenderer(false);

        static Probed of(TargetSnapshot snapshot, Report report) {
            return new Probed(snapshot, CARDS.render(report));
        }
    }

    /**
     * A domain line: one row for the domain itself (its own hints, and what it publishes for change
     * detection), then one per MX address and one per client service probed, each a probe's row.
     */
    private List<Probed> domain(GroupTarget.Domain d, String requester) throws InterruptedException {
        DomainReport r = Objects.requireNonNull(domains, "domains").check(d.domain(), requester);
        List<Probed> rows = new ArrayList<>();
        rows.add(new Probed(
                TargetSnapshot.withoutTls(
                        d.text(),
                        r.domain(),
                        r.startedAt(),
                        Status.of(r.hints()),
                        null,
                        TargetSnapshot.problemCodes(r.hints()),
                        RowReason.of(r.hints()),
                        DomainPosture.of(r)),
                new DomainJsonRenderer(false, false).render(r)));
        for (MxHost h : r.mx()) {
            for (MxProbe p : h.results()) {
                String target = r.domain() + " MX " + h.host() + " " + p.address();
                rows.add(Probed.of(TargetSnapshot.of(target, p.report()), p.report()));
            }
            for (String why : h.notProbed()) {
                // "192.0.2.1: not finished by the check's deadline"
                int cut = why.indexOf(": ");
                String address = cut < 0 ? why : why.substring(0, cut);
                String words = cut < 0 ? RowReason.NOT_PROBED_WORDS : RowReason.fewWords(why.substring(cut + 2));
                String target = r.domain() + " MX " + h.host() + " " + address;
                String hostPort =
                        (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + DomainCheck.SMTP_PORT;
                rows.add(new Probed(notProbed(target, hostPort, r.startedAt(), words), null));
            }
        }
        for (SrvCheck s : r.srv()) {
            if (s.result() != null) {
                String target = r.domain() + " SRV " + s.service().id() + " " + s.target() + " " + s.port();
                rows.add(Probed.of(TargetSnapshot.of(target, s.result()), s.result()));
            }
        }
        return rows;
    }

    private Probed probe(String target, ProbeCommand command, String requester, Instant until)
            throws InterruptedException {
        while (true) {
            ServiceResult r = service.submitForGroup(command.toRequest(options), requester);
            if (r instanceof ServiceResult.Probed p) {
                Report report = Report.of(p.result(), diagnoser);
                return Probed.of(TargetSnapshot.of(target, report), report);
            }
            ServiceResult.Throttled t = (ServiceResult.Throttled) r;
            Instant now = clock.instant();
            Duration wait = t.retryAfter();
            if (now.plus(wait).isAfter(until)) {
                return new Probed(
                        notProbed(target, command.host() + ":" + command.port(), now, RowReason.NOT_PROBED_WORDS),
                        null);
            }
            sleeper.sleep(wait);
        }
    }

    private static TargetSnapshot notProbed(String target, String hostPort, Instant at, String words) {
        return TargetSnapshot.withoutTls(
                target,
                hostPort,
                at,
                Status.FAILURE,
                NOT_PROBED,
                Set.of(NOT_PROBED),
                new RowReason(NOT_PROBED, words),
                null);
    }
}
