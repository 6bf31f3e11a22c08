package dev.mailtls.http;

import dev.mailtls.card.Card;
import dev.mailtls.card.CardSymbols;
import dev.mailtls.card.Report;
import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.service.ProbeService;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The web page at {@code /}: a plain HTML form (no JavaScript) that probes through the same
 * {@link ProbeService} and {@link ProbeAsk} as the API and shows the card. {@code GET /} shows the
 * form; {@code POST /} (form-urlencoded), or {@code GET /?host=...} with the form's field names (a
 * result's shareable link), probes and shows the card or the problem, with the API's
 * status codes (422 bad input, 403 address policy, 429 throttled, 401 without a token when the
 * page is not anonymous). Every piece of outside text is escaped, and a strict Content Security
 * Policy allows nothing but this page's own stylesheet and form.
 */
final class WebPage {
    static final String PATH = "/";
    static final String CSS_PATH = "/page.css";
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** The select options: value, then label. */
    private static final List<Map.Entry<String, String>> TRANSPORTS = List.of(
            Map.entry("auto", "auto"),
            Map.entry("tls", "tls (implicit TLS)"),
            Map.entry("starttls", "starttls (STLS)"),
            Map.entry("plain", "plain (no TLS)"));

    private static final List<Map.Entry<String, String>> PROTOCOLS = List.of(
            Map.entry("auto", "auto"), Map.entry("smtp", "SMTP"), Map.entry("imap", "IMAP"), Map.entry("pop3", "POP3"));

    private static final String TITLE = "mailtls: probe a mail server's TLS";

    private final HttpSettings settings;
    private final ProbeService service;
    private final Diagnoser diagnoser;
    private final PageTemplate page = PageTemplate.load("page.html");
    private final PageTemplate cardSection = PageTemplate.load("card.html");
    private final PageTemplate problemSection = PageTemplate.load("problem.html");
    private final Html tokenField = new Html(PageTemplate.resource("token-field.html"));
    private final String css = PageTemplate.resource("page.css");

    private final Drain drain;

    WebPage(HttpSettings settings, ProbeService service, Diagnoser diagnoser, Drain drain) {
        this.settings = settings;
        this.service = service;
        this.diagnoser = diagnoser;
        this.drain = drain;
    }

    void register(RouteTable routes) {
        routes.get(PATH, ctx -> {
            if (ctx.queryParam("host") == null) {
                send(ctx, 200, PageForm.EMPTY, TITLE, Html.EMPTY);
            } else {
                // A result's link: the form's fields in the query. A token never goes in a URL,
                // so here it can only come as an Authorization header (or be typed after a 401).
                probe(ctx, PageForm.of(ctx::queryParam), ctx.header("Authorization"));
            }
        });
        routes.post(PATH, ctx -> {
            String token = ctx.formParam("token");
            probe(ctx, PageForm.of(ctx::formParam), token == null || token.isBlank() ? null : "Bearer " + token);
        });
        routes.get(CSS_PATH, ctx -> ctx.contentType("text/css; charset=utf-8").result(css));
    }

    private void probe(Context ctx, PageForm form, @Nullable String authorization) {
        String requester;
        if (settings.anonymousPage()) {
            // Each client address has its own throttle.
            requester = "ip:" + ctx.ip();
        } else {
            Optional<String> caller =
                    authorization == null ? Optional.empty() : settings.tokens().authenticate(authorization);
            if (caller.isEmpty()) {
                refuse(ctx, form, unauthorized(authorization == null));
                return;
            }
            requester = caller.get();
        }
        if (!drain.enter()) {
            refuse(ctx, form, Drain.SHUTTING_DOWN);
            return;
        }
        Answer answer;
        try {
            ProbeAsk ask = ProbeAsk.fromJson(form.json(), settings.probeOptions());
            answer = Answer.of(service.submit(ask.request(), requester, ask.fresh()), diagnoser, ask.command());
        } catch (ProblemException e) {
            answer = new Answer.Refused(e.problem());
        } finally {
            drain.exit();
        }
        switch (answer) {
            case Answer.Carded c -> {
                Card card = c.card(TryCommand.Form.WEB);
                List<String> links = c.report().hints().stream()
                        .map(Hint::tryCommand)
                        .filter(Objects::nonNull)
                        .map(t -> t.in(TryCommand.Form.WEB))
                        .distinct()
                        .toList();
                send(
                        ctx,
                        200,
                        form,
                        CardSymbols.statusIcon(card.status()) + " " + card.title() + " · mailtls",
                        card(card, c.report(), form, links));
            }
            case Answer.Refused r -> refuse(ctx, form, r.problem());
        }
    }

    private Problem unauthorized(boolean missing) {
        String detail;
        if (settings.tokens().isEmpty()) {
            detail = "This server has no API tokens configured, so its page cannot run probes. The operator can"
                    + " set MAILTLS_API_TOKENS, or MAILTLS_PAGE_PROBES=true for an anonymous page.";
        } else if (missing) {
            detail = "This page runs probes only with an API token: enter one of the server's tokens"
                    + " (MAILTLS_API_TOKENS).";
        } else {
            detail = "That API token is not one of this server's tokens (MAILTLS_API_TOKENS).";
        }
        return Problem.of("unauthorized", "API token required", 401, detail);
    }

    private void refuse(Context ctx, PageForm form, Problem p) {
        if (p.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Long.toString(p.retryAfterSeconds()));
        }
        if (p.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"mailtls\"");
        }
        send(ctx, p.status(), form, p.title() + " · mailtls", problem(p));
    }

    /** The card; {@code links} are the probes its hints suggest, shown as links to this page. */
    private Html card(Card card, Report report, PageForm form, List<String> links) {
        return cardSection.fill(Map.of(
                "statusClass", Html.text(card.status().id()),
                "icon", Html.text(CardSymbols.statusIcon(card.status())),
                "statusLine", Html.text(card.title()),
                "body", HtmlCard.of(card, links),
                "link", Html.text(form.link(PATH))));
    }

    private Html problem(Problem p) {
        Html more = Html.EMPTY;
        if (p.retryAfterSeconds() != null) {
            more = more.append(new Html("    <p class=\"retry\">Try again in "
                    + Html.escape(Long.toString(p.retryAfterSeconds())) + " s.</p>\n"));
        }
        if (p.usage() != null) {
            more = more.append(new Html("    <pre class=\"usage\">" + Html.escape(p.usage()) + "</pre>\n"));
        }
        return problemSection.fill(Map.of(
                "title", Html.text(p.title()),
                "status", Html.text(Integer.toString(p.status())),
                "detail", Html.text(p.detail()),
                "more", more));
    }

    private void send(Context ctx, int status, PageForm form, String title, Html result) {
        Html html = page.fill(Map.of(
                "title", Html.text(title),
                "host", Html.text(form.host()),
                "port", Html.text(form.port()),
                "transportOptions", options(TRANSPORTS, form.transport()),
                "protocolOptions", options(PROTOCOLS, form.protocol()),
                "freshChecked", new Html(form.fresh() ? " checked" : ""),
                "tokenField", settings.anonymousPage() ? Html.EMPTY : tokenField,
                "result", result));
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.status(status).contentType("text/html; charset=utf-8").result(html.markup());
    }

    private static Html options(List<Map.Entry<String, String>> choices, String chosen) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> c : choices) {
            out.append("<option value=\"")
                    .append(Html.escape(c.getKey()))
                    .append('"')
                    .append(c.getKey().equalsIgnoreCase(chosen.strip()) ? " selected" : "")
                    .append('>')
                    .append(Html.escape(c.getValue()))
                    .append("</option>");
        }
        return new Html(out.toString());
    }
}
