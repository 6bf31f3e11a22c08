package dev.mailtls.summary;

import dev.mailtls.card.JsonRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Status;
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

    /**
     * @param budget how long a run may wait for throttles in total, e.g. 10 minutes
     */
    public GroupRunner(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            Clock clock,
            Sleeper sleeper,
            Duration budget) {
        this.service = service;
        this.diagnoser = diagnoser;
        this.options = options;
        this.clock = clock;
        this.sleeper = sleeper;
        this.budget = budget;
    }

    /** With the system clock, real sleeps and a 10-minute budget. */
    public GroupRunner(ProbeService service, Diagnoser diagnoser, ProbeOptions options) {
        this(service, diagnoser, options, Clock.systemUTC(), d -> Thread.sleep(d), Duration.ofMinutes(10));
    }

    /**
     * Probes every target of the group.
     *
     * @param trigger what started the run: {@code schedule}, {@code cli}, {@code api}, {@code chat}
     * @throws UsageException when a target of the group does not parse
     */
    public GroupRun run(TargetGroup group, String trigger) throws UsageException, InterruptedException {
        List<ProbeCommand> commands = group.commands();
        Instant started = clock.instant();
        Instant until = started.plus(budget);
        String requester = "group:" + group.name();
        List<Future<Probed>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < commands.size(); i++) {
                String target = group.targets().get(i);
                ProbeCommand command = commands.get(i);
                futures.add(pool.submit(() -> probe(target, command, requester, until)));
            }
            List<TargetSnapshot> snapshots = new ArrayList<>();
            Map<String, String> cards = new LinkedHashMap<>();
            JsonRenderer json = new JsonRenderer(false);
            for (Future<Probed> f : futures) {
                Probed p = f.get();
                snapshots.add(p.snapshot());
                if (p.report() != null) {
                    cards.put(p.snapshot().target(), json.render(p.report()));
                }
            }
            return new GroupRun(0, group.name(), started, trigger, snapshots, cards);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a probe of group " + group.name() + " failed", e.getCause());
        }
    }

    private record Probed(TargetSnapshot snapshot, @Nullable Report report) {}

    private Probed probe(String target, ProbeCommand command, String requester, Instant until)
            throws InterruptedException {
        while (true) {
            ServiceResult r = service.submitForGroup(command.toRequest(options), requester);
            if (r instanceof ServiceResult.Probed p) {
                Report report = Report.of(p.result(), diagnoser);
                return new Probed(TargetSnapshot.of(target, report), report);
            }
            ServiceResult.Throttled t = (ServiceResult.Throttled) r;
            Instant now = clock.instant();
            Duration wait = t.retryAfter();
            if (now.plus(wait).isAfter(until)) {
                return new Probed(notProbed(target, command, now), null);
            }
            sleeper.sleep(wait);
        }
    }

    private static TargetSnapshot notProbed(String target, ProbeCommand command, Instant at) {
        return new TargetSnapshot(
                target,
                command.host() + ":" + command.port(),
                at,
                Status.FAILURE,
                NOT_PROBED,
                null,
                null,
                null,
                null,
                null,
                null,
                Set.of(NOT_PROBED),
                new RowReason(NOT_PROBED, RowReason.NOT_PROBED_WORDS));
    }
}
