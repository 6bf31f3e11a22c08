package dev.mailtls.app;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.frontend.FrontEnd;
import dev.mailtls.frontend.FrontEndContext;
import dev.mailtls.frontend.Webhook;
import dev.mailtls.history.HistoryStores;
import dev.mailtls.history.JdbcHistoryStore;
import dev.mailtls.http.ConnectionLimits;
import dev.mailtls.http.HttpSettings;
import dev.mailtls.http.ProbeMetrics;
import dev.mailtls.http.WebServer;
import dev.mailtls.net.Resolver;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeListener;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.GroupScheduler;
import dev.mailtls.summary.HistoryStore;
import dev.mailtls.summary.ScheduledGroup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server {@code mailtls serve} runs, wired by hand from a {@link ServeConfig}: the strict
 * address policy, the prober, the probe service with its cache, metrics and log, and the HTTP
 * server. Tests start it on port 0 with a loopback resolver.
 */
final class MailtlsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("mailtls");

    private final ServeConfig config;
    private final DomainChecks domains;
    private final ProbeService service;
    private final WebServer web;
    private final List<FrontEnd> frontEnds;
    private final HistoryStore store;
    private final GroupScheduler scheduler;
    private @Nullable Thread pruner;
    private final JvmGcMetrics gcMetrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean listening;

    MailtlsServer(ServeConfig config, Resolver resolver) {
        this(config, resolver, Scheduling.standard());
    }

    /**
     * How the scheduler tells time and claims slots. Tests of replicas stopped mid-run name each
     * replica, shorten {@link #STALE_RUN} and move the clock near a cron time.
     *
     * @param clock the scheduler's clock (when slots are due and claims are stale)
     * @param staleRun a slot claimed and not posted after this long is taken over
     * @param owner who claims slots, in the log and the database
     */
    record Scheduling(Clock clock, Duration staleRun, String owner) {
        static Scheduling standard() {
            return new Scheduling(Clock.systemUTC(), STALE_RUN, MailtlsServer.owner());
        }
    }

    MailtlsServer(ServeConfig config, Resolver resolver, Scheduling scheduling) {
        this.config = config;
        Duration staleRun = scheduling.staleRun();
        ConfiguredProbing probing = ConfiguredProbing.of(config, new Prober(resolver, Clock.systemUTC()));
        Diagnoser diagnoser = probing.diagnoser();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);

        Prober prober = probing.prober();
        ServiceLimits limits = config.limits().serviceLimits(config.cacheTtl());
        ProbeListener listener =
                ProbeListener.all(List.of(new ProbeMetrics(registry, diagnoser), new ProbeLog(diagnoser, LOG::info)));
        HistoryConfig h = config.history();
        JdbcHistoryStore history = HistoryStores.fromConfig(h.dbUrl(), h.dbUser(), h.dbPassword(), config.dataDir());
        this.store = history;
        // Replicas on one database share the connection budget; the embedded H2 has one process.
        this.service = h.dbUrl() == null || h.dbUrl().isBlank()
                ? new ProbeService(prober, limits, listener)
                : new ProbeService(prober, limits, listener, history.connectionBudget());

        ProbeOptions options = probing.options();
        HttpSettings settings = new HttpSettings(
                config.apiTokens(),
                config.pageProbes(),
                HttpSettings.DEFAULT_MAX_BODY_BYTES,
                HttpSettings.DEFAULT_MAX_BATCH_TARGETS,
                options,
                config.corsOrigins());
        // Domain checks: MX probes through the service, the MTA-STS fetch under the same ranges on port 443.
        this.domains = probing.domainChecks(config, service);
        GroupRunner runner = new GroupRunner(service, diagnoser, options, domains::checkForGroup);
        // Leases in the history database: the servers that share it run the Discord gateway one at a time.
        FrontEndContext context =
                new FrontEndContext(service, diagnoser, options, runner, config.publicUrl(), domains, history.leases());
        this.frontEnds = config.frontEnds().stream().map(f -> f.create(context)).toList();
        this.scheduler = new GroupScheduler(
                config.groups().groups(),
                runner,
                store,
                Notifiers.from(config, Clock.systemUTC()),
                scheduling.clock(),
                wait -> Thread.sleep(wait),
                scheduling.owner(),
                staleRun,
                staleRun.compareTo(RECHECK_STALE) < 0 ? staleRun : RECHECK_STALE,
                LOG::info);
        FunctionCounter.builder("mailtls.scheduled.runs.failed", scheduler, GroupScheduler::failedRuns)
                .description("Scheduled group runs that failed (history store, probes) and wait for the next slot")
                .register(registry);
        // Watched targets and groups, from the shared history (the same series on every replica).
        registry.getPrometheusRegistry()
                .register(new WatchedMetrics(config.groups().groups(), store));
        for (ScheduledGroup g : config.groups().groups()) {
            FunctionCounter.builder("mailtls.group.changes.posted", scheduler, s -> s.changesPosted(g.name()))
                    .description("Changes this server posted in the group's summaries")
                    .tag("group", g.name())
                    .register(registry);
        }
        registry.getPrometheusRegistry().register(new LeaseMetrics(frontEnds));
        ServerReadiness readiness = ServerReadiness.of(config, store);
        Gauge.builder("mailtls.ready", readiness, r -> r.problems().isEmpty() ? 1 : 0)
                .description("1 when the server is ready (what /readyz answers), else 0")
                .register(registry);
        List<Webhook> webhooks = new ArrayList<>();
        frontEnds.forEach(f -> webhooks.addAll(f.webhooks()));
        this.web = new WebServer(
                settings,
                service,
                diagnoser,
                registry,
                readiness,
                webhooks,
                new ServerGroups(config.groups(), runner, store),
                ConnectionLimits.defaults(),
                context.domains());
    }

    /** Listens, then logs what is enabled and where. */
    MailtlsServer start() {
        web.start(config.httpAddr().host(), config.httpAddr().port());
        listening = true;
        StartupReport.lines(config, port()).forEach(LOG::info);
        for (FrontEnd f : frontEnds) {
            LOG.info(f.describe());
            // A platform's error may span lines (a library's message): the start log keeps one per event.
            f.start(LOG::info, m -> LOG.error(MailtlsCli.oneLine(m)));
        }
        LOG.info(describeGroups());
        LOG.info(config.dns().describe());
        prune();
        scheduler.start();
        pruner = Thread.ofVirtual().name("history-pruner").start(() -> {
            try {
                while (true) {
                    Thread.sleep(Duration.ofDays(1));
                    prune();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (config.apiTokens().isEmpty()) {
            StartupReport.howToSetToken().forEach(LOG::warn);
        }
        DataDir.problems(config.dataDir()).forEach(p -> LOG.warn("not ready: {}", p));
        return this;
    }

    /** A run slot claimed and not posted after this long is taken over (a run's budget is 10 min). */
    static final Duration STALE_RUN = Duration.ofMinutes(30);

    /** How often a running server looks for stale slots (a replica killed mid-run left them). */
    static final Duration RECHECK_STALE = Duration.ofMinutes(1);

    private void prune() {
        Instant cutoff = Instant.now().minus(Duration.ofDays(config.history().retentionDays()));
        int n = store.pruneBefore(cutoff);
        if (n > 0) {
            LOG.info(
                    "history: pruned {} runs older than {} days",
                    n,
                    config.history().retentionDays());
        }
    }

    private String describeGroups() {
        List<String> scheduled = scheduler.scheduled().stream()
                .map(g -> g.name() + " (" + g.schedule() + " → " + g.postTo()
                        + (g.onlyChanges() ? ", only changes" : "") + ")")
                .toList();
        return "groups: " + config.groups().groups().size() + " configured"
                + (scheduled.isEmpty() ? ", none scheduled" : "; scheduled: " + String.join("; ", scheduled))
                + "; history " + config.history().describe(config.dataDir())
                + "; presets as provider-<name> on the API";
    }

    /** Who claims run slots in the logs and the database: host name and process id. */
    private static String owner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /** The server's domain checks (the API, chat and the page use them). */
    DomainChecks domains() {
        return domains;
    }

    /** The port listened on (the chosen one when configured with port 0). */
    int port() {
        return web.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    String url() {
        return config.httpAddr().forLocalClient().url(port());
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Drains and stops the HTTP server and the scheduler (a scheduled run in progress gets the drain
     * time to post), then the probe service. Safe to call twice.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (listening) {
            LOG.info("shutting down: draining requests in progress (up to {}s)", WebServer.DRAIN_TIMEOUT.toSeconds());
        }
        try {
            // A scheduled run in progress gets the same drain time as HTTP requests, in parallel, to post.
            Thread schedulerStop =
                    Thread.ofVirtual().name("scheduler-stop").start(() -> scheduler.close(WebServer.DRAIN_TIMEOUT));
            if (pruner != null) {
                pruner.interrupt();
            }
            try {
                web.close();
            } finally {
                joinUninterruptibly(schedulerStop);
                // Each front end in turn, whatever another one throws: the Discord gateway's lease is
                // released here, and a replica that keeps it would hold up its takeover.
                for (FrontEnd f : frontEnds) {
                    try {
                        f.close();
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "closing {} failed: {}",
                                f.getClass().getSimpleName(),
                                MailtlsCli.oneLine(String.valueOf(e.getMessage())));
                    }
                }
            }
        } finally {
            service.close();
            store.close();
            gcMetrics.close();
        }
        if (listening) {
            LOG.info("stopped");
        }
    }
}
