package dev.mailtls.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.frontend.Webhook;
import dev.mailtls.service.ProbeService;
import dev.mailtls.summary.HistoryUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the API under {@code /api/v1} (bearer token; probes, domain checks, groups), the web page at {@code /}, the
 * groups' runs at {@code /groups}, {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code /openapi.json}. Closing it drains:
 * readiness turns 503 at once, new API and page probes are refused with 503, and requests in progress
 * get up to {@link #DRAIN_TIMEOUT} to finish before the listener stops.
 */
public final class WebServer implements AutoCloseable {
    public static final String HEALTH_PATH = "/healthz";
    public static final String READY_PATH = "/readyz";
    public static final String METRICS_PATH = "/metrics";
    public static final String OPENAPI_PATH = "/openapi.json";
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final HttpSettings settings;
    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;
    private final ObjectMapper mapper = JsonBodies.mapper();
    private final ApiRoutes api;
    private final DomainRoutes domainRoutes;
    private final WebPage page;
    private final Javalin javalin;
    private final Drain drain = new Drain();
    private final List<Webhook> webhooks;
    private final GroupRoutes groupRoutes;
    private final GroupsPage groupsPage;
    private final ConnectionLimits limits;
    private final InFlightLimit inFlight;

    /**
     * @param registry where {@link ProbeMetrics} (wired into the service) and the HTTP layer
     *     record; scraped at {@code /metrics}
     */
    public WebServer(
            HttpSettings settings,
            ProbeService service,
            Diagnoser diagnoser,
            PrometheusMeterRegistry registry,
            Readiness readiness) {
        this(settings, service, diagnoser, registry, readiness, List.of());
    }

    /** @param webhooks chat platforms' endpoints (Slack, Discord) to host beside the API */
    public WebServer(
            HttpSettings settings,
            ProbeService service,
            Diagnoser diagnoser,
            PrometheusMeterRegistry registry,
            Readiness readiness,
            List<Webhook> webhooks) {
        this(settings, service, diagnoser, registry, readiness, webhooks, GroupRuns.NONE);
    }

    /** @param groups the target groups the API runs and shows */
    public WebServer(
            HttpSettings settings,
            ProbeService service,
            Diagnoser diagnoser,
            PrometheusMeterRegistry registry,
            Readiness readiness,
            List<Webhook> webhooks,
            GroupRuns groups) {
        this(settings, service, diagnoser, registry, readiness, webhooks, groups, ConnectionLimits.defaults());
    }

    /** @param limits the listen backlog, the requests handled at once, the header timeout */
    public WebServer(
            HttpSettings settings,
            ProbeService service,
            Diagnoser diagnoser,
            PrometheusMeterRegistry registry,
            Readiness readiness,
            List<Webhook> webhooks,
            GroupRuns groups,
            ConnectionLimits limits) {
        this(settings, service, diagnoser, registry, readiness, webhooks, groups, limits, null);
    }

    /**
     * @param domains runs {@code POST /api/v1/domains} and the page's domain form; null answers them
     *     503 ("domain checks are not configured")
     */
    public WebServer(
            HttpSettings settings,
            ProbeService service,
            Diagnoser diagnoser,
            PrometheusMeterRegistry registry,
            Readiness readiness,
            List<Webhook> webhooks,
            GroupRuns groups,
            ConnectionLimits limits,
            @Nullable DomainChecks domains) {
        this.limits = limits;
        this.inFlight = new InFlightLimit(limits.maxRequestsInFlight(), mapper);
        this.groupRoutes = new GroupRoutes(groups, mapper, java.time.Clock.systemUTC());
        this.groupsPage = new GroupsPage(settings, groups);
        this.webhooks = List.copyOf(webhooks);
        this.settings = settings;
        this.readiness = readiness;
        this.registry = registry;
        this.api = new ApiRoutes(settings, service, diagnoser, mapper);
        this.domainRoutes = new DomainRoutes(api, domains, mapper);
        this.page = new WebPage(settings, service, diagnoser, drain, domains);
        this.javalin = Javalin.create(this::configure);
    }

    /** The Javalin instance, for javalin-testtools. */
    public Javalin javalin() {
        return javalin;
    }

    /** Listens on host:port (port 0 picks a free one). */
    public WebServer start(String host, int port) {
        javalin.start(host, port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = true;
        // Javalin's default connector with a listen backlog and a header timeout; Javalin creates
        // none of its own once one is added. Host and port are read when the server starts.
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(config.jetty.host);
            connector.setPort(config.jetty.port);
            connector.setAcceptQueueSize(limits.acceptQueueSize());
            connector.addEventListener(new HeaderTimeout(limits.headerTimeout(), connector.getScheduler()));
            return connector;
        });
        // Javalin puts its servlet context inside the handler it finds on the server.
        config.jetty.modifyServer(server -> server.setHandler(inFlight));
        // Bodies beyond the limit are refused by Javalin as well as by our own check.
        config.http.maxRequestSize = webhooks.isEmpty()
                ? settings.maxBodyBytes()
                : Math.max(settings.maxBodyBytes(), Webhook.MAX_BODY_BYTES);
        config.http.defaultContentType = "application/json";
        if (!settings.corsOrigins().isEmpty()) {
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                settings.corsOrigins().forEach(rule::allowHost);
                rule.exposeHeader("Retry-After");
            }));
        }
        RouteTable routes = new RouteTable(config.routes);
        boolean cors = !settings.corsOrigins().isEmpty();
        config.routes.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
            methodAllowed(ctx, routes, cors);
        });

        routes.post(ApiRoutes.PROBES, ctx -> guarded(ctx, api::probe));
        routes.post(ApiRoutes.COMMANDS, ctx -> guarded(ctx, api::command));
        routes.post(ApiRoutes.BATCH, ctx -> guarded(ctx, api::batch));
        routes.post(DomainRoutes.DOMAINS, ctx -> guarded(ctx, domainRoutes::check));
        routes.post(GroupRoutes.RUNS, ctx -> guarded(ctx, groupRoutes::run));
        routes.get(GroupRoutes.HISTORY, ctx -> guarded(ctx, groupRoutes::history));

        routes.get(HEALTH_PATH, ctx -> ctx.contentType("application/json").result("{\"status\":\"up\"}"));
        routes.get(READY_PATH, this::ready);
        routes.get(
                METRICS_PATH,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(registry.scrape()));
        String spec = openApi(settings, mapper);
        routes.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(spec));
        page.register(routes);
        groupsPage.register(routes);
        for (Webhook w : webhooks) {
            routes.post(w.path(), ctx -> webhook(ctx, w));
        }

        config.routes.exception(ProblemException.class, (e, ctx) -> problem(ctx, e.problem(), mapper));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 413) {
                problem(ctx, ApiRoutes.tooLarge(settings), mapper);
            } else if (e.getStatus() == 404) {
                problem(ctx, Problem.of("not-found", "No such endpoint", 404, "see " + OPENAPI_PATH), mapper);
            } else {
                problem(ctx, Problem.of("http", "HTTP " + e.getStatus(), e.getStatus(), e.getMessage()), mapper);
            }
        });
        config.routes.exception(HistoryUnavailableException.class, (e, ctx) -> {
            // A database outage, not a bug: one log line (the store's message names the operation and
            // the database without its password), and a 503 the caller may retry. Probes go on.
            LOG.warn("history unavailable on {} {}: {}", ctx.method(), ctx.path(), oneLine(e.getMessage()));
            problem(ctx, HISTORY_UNAVAILABLE, mapper);
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            // A bug or broken infrastructure: logged with the path, never a stack trace to the caller.
            LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
            problem(
                    ctx,
                    Problem.of("internal", "Internal error", 500, "mailtls failed to answer; see its log"),
                    mapper);
        });
        config.routes.error(404, ctx -> {
            if (!ctx.path().startsWith("/api/") || ctx.attribute(PROBLEM_SENT) != null) {
                // Not the API, or a handler already answered 404 with its own problem.
                return;
            }
            problem(ctx, Problem.of("not-found", "No such endpoint", 404, "see " + OPENAPI_PATH), mapper);
        });
    }

    /**
     * A known path asked with a method it does not take: 405 with {@code Allow} (RFC 9110
     * §15.5.6), as a problem. CORS preflights ({@code OPTIONS}) are left to the CORS plugin when it
     * is on.
     */
    private static void methodAllowed(Context ctx, RouteTable routes, boolean cors) throws ProblemException {
        String method = ctx.method().name();
        Set<String> allowed = routes.allowed(ctx.path());
        if (allowed.isEmpty() || allowed.contains(method) || cors && method.equals("OPTIONS")) {
            return;
        }
        String allow = routes.allowHeader(ctx.path());
        ctx.header("Allow", allow);
        throw new ProblemException(Problem.of(
                "method",
                "Method not allowed",
                405,
                ProbeAsk.printable(method) + " is not allowed on " + ProbeAsk.printable(ctx.path()) + "; it takes "
                        + allow + " (see " + OPENAPI_PATH + ")"));
    }

    /** An API handler that needs a caller identity. */
    @FunctionalInterface
    interface ApiHandler {
        void handle(Context ctx, String requester) throws Exception;
    }

    private void guarded(Context ctx, ApiHandler handler) throws Exception {
        Optional<String> caller = settings.tokens().authenticate(ctx.header("Authorization"));
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"mailtls\"");
            problem(
                    ctx,
                    Problem.unauthorized(
                            settings.tokens().isEmpty()
                                    ? "this server has no API tokens configured; set MAILTLS_API_TOKENS and send"
                                            + " 'Authorization: Bearer <token>'"
                                    : "send 'Authorization: Bearer <token>' with a token from MAILTLS_API_TOKENS"),
                    mapper);
            return;
        }
        if (!drain.enter()) {
            problem(ctx, Drain.SHUTTING_DOWN, mapper);
            return;
        }
        try {
            handler.handle(ctx, caller.get());
        } finally {
            drain.exit();
        }
    }

    private void webhook(Context ctx, Webhook w) throws Exception {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > Webhook.MAX_BODY_BYTES) {
            ctx.status(413).result("");
            return;
        }
        if (!drain.enter()) {
            ctx.status(503).result("");
            return;
        }
        try {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : java.util.Collections.list(ctx.req().getHeaderNames())) {
                headers.put(name, java.util.Collections.list(ctx.req().getHeaders(name)));
            }
            Webhook.Response r = w.handle(new Webhook.Request(
                    ctx.path(), headers, ctx.queryParamMap(), new String(body, StandardCharsets.UTF_8), ctx.ip()));
            r.headers().forEach((k, values) -> values.forEach(v -> ctx.res().addHeader(k, v)));
            ctx.status(r.status()).contentType(r.contentType()).result(r.body());
        } finally {
            drain.exit();
        }
    }

    private void ready(Context ctx) {
        List<String> problems = drain.draining() ? List.of("shutting down") : readiness.problems();
        ObjectNode o = mapper.createObjectNode();
        o.put("status", problems.isEmpty() ? "ready" : "not ready");
        problems.forEach(o.putArray("problems")::add);
        ctx.status(problems.isEmpty() ? 200 : 503)
                .contentType("application/json")
                .result(o.toString());
    }

    /** Readiness checks the database every few seconds; a retry after this finds it back, or not ready. */
    static final long HISTORY_RETRY_AFTER_SECONDS = 10;

    static final Problem HISTORY_UNAVAILABLE = Problem.of(
                    "history-unavailable",
                    "History unavailable",
                    503,
                    "the history database is unavailable; probes still work, group runs and history do not."
                            + " Retry in " + HISTORY_RETRY_AFTER_SECONDS + " s")
            .withRetryAfter(HISTORY_RETRY_AFTER_SECONDS);

    private static String oneLine(@org.jspecify.annotations.Nullable String message) {
        String s = String.valueOf(message).replaceAll("\\s+", " ");
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }

    /** Set once a handler has answered with a problem, so the error pages leave it alone. */
    private static final String PROBLEM_SENT = "mailtls.problem";

    static void problem(Context ctx, Problem p, ObjectMapper mapper) {
        ctx.attribute(PROBLEM_SENT, Boolean.TRUE);
        if (p.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Long.toString(p.retryAfterSeconds()));
        }
        ctx.status(p.status())
                .contentType(Problem.CONTENT_TYPE)
                .result(p.toJson(mapper).toString());
    }

    /**
     * openapi.json as this server answers: the batch limit is the configured one, so a spec-driven
     * client sees the limit it will meet.
     */
    static String openApi(HttpSettings settings, ObjectMapper mapper) {
        try (InputStream in = WebServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the http-webhook jar");
            }
            ObjectNode spec = (ObjectNode) mapper.readTree(in);
            if (!(spec.at("/components/schemas/BatchRequest/properties/targets") instanceof ObjectNode targets)
                    || !targets.has("maxItems")) {
                throw new IllegalStateException("openapi.json has no BatchRequest targets.maxItems");
            }
            targets.put("maxItems", settings.maxBatchTargets());
            return spec.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drains (see the class comment), then stops listening. */
    @Override
    public void close() {
        int left = drain.close(DRAIN_TIMEOUT);
        if (left < 0) {
            return;
        }
        if (left > 0) {
            LOG.warn("stopping with {} probe requests still in progress", left);
        }
        javalin.stop();
    }
}
