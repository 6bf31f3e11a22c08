package dev.mailtls.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.card.MarkdownRenderer;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.domain.DomainCard;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.domain.DomainJsonRenderer;
import dev.mailtls.domain.DomainReport;
import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/domains}: a whole domain's mail posture (MX, MTA-STS, TLS-RPT, DANE) in the
 * format asked for, as {@code POST /api/v1/probes} chooses it. 200 with the report whatever the
 * domain's health; 400 bad input, 429 throttled, 503 when the server has no domain checks.
 */
final class DomainRoutes {
    static final String DOMAINS = "/api/v1/domains";

    private final ApiRoutes api;
    private final @Nullable DomainChecks checks;
    private final ObjectMapper mapper;

    DomainRoutes(ApiRoutes api, @Nullable DomainChecks checks, ObjectMapper mapper) {
        this.api = api;
        this.checks = checks;
        this.mapper = mapper;
    }

    void check(Context ctx, String requester) throws ProblemException {
        ResponseFormat format = ApiRoutes.format(ctx);
        DomainAsk ask = DomainAsk.fromJson(api.jsonBody(ctx));
        switch (ask.run(checks, requester)) {
            case DomainAsk.Outcome.Checked c ->
                ctx.status(200).contentType(format.contentType()).result(render(c.report(), format));
            case DomainAsk.Outcome.Refused r -> WebServer.problem(ctx, r.problem(), mapper);
        }
    }

    /** The domain JSON (as {@code mailtls domain --json} writes it, without local paths), or its card. */
    static String render(DomainReport report, ResponseFormat format) {
        return switch (format) {
            case JSON -> new DomainJsonRenderer(false, false).render(report);
            case TEXT -> new TextRenderer(false, false).render(DomainCard.of(report));
            case MARKDOWN -> new MarkdownRenderer(false).render(DomainCard.of(report));
        };
    }
}
