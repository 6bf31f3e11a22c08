package dev.mailtls.http;

import dev.mailtls.card.Card;
import dev.mailtls.card.CardSymbols;
import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.domain.DomainCard;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.service.ProbeService;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * page is not anonymous). A second form ({@code domain}, or {@code GET /?domain=...}) checks a whole
 * mail domain under the same rules and shows the domain card. Every piece of outside text is escaped, and a strict Content Security
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

    private final PageTemplate domainForm = PageTemplate.load("domain-form.html");
    /** The token field again, for the domain form: the same name, its own ids. */
    private final Html domainTokenField = new Html(tokenField
            .markup()
            .replace("\"token\"", "\"domain-token\"")
            .replace("token-note", "domain-token-note")
            .replace("name=\"domain-token\"", "name=\"token\""));

    private final Drain drain;
    private final @Nullable DomainChecks domains;

    /** @param domains runs the domain form; null leaves the form out (and a {@code domain} field gets 503) */
    WebPage(
            HttpSettings settings,
            ProbeService service,
            Diagnoser diagnoser,
            Drain drain,
            @Nullable DomainChecks domains) {
        this.settings = settings;
        this.service = service;
        this.diagnoser = diagnoser;
        this.drain = drain;
        this.domains = domains;
    }

    void register(RouteTable routes) {
        routes.get(PATH, ctx -> {
            if (ctx.queryParam("domain") != null) {
                // A domain result's link: /?domain=example.com, under the same token rule as below.
                checkDomain(ctx, ctx.queryParam("domain"), false, ctx.header("Authorization"));
            } else if (ctx.queryParam("host") == null) {
                send(ctx, 200, PageForm.EMPTY, "", TITLE, Html.EMPTY);
            } else {
                // A result's link: the form's fields in the query. A token never goes in a URL,
                // so here it can only come as an Authorization header (or be typed after a 401).
                probe(ctx, PageForm.of(ctx::queryParam), ctx.header("Authorization"));
            }
        });
        routes.post(PATH, ctx -> {
            String token = ctx.formParam("token");
            String authorization = token == null || token.isBlank() ? null : "Bearer " + token;
            if (ctx.formParam("domain") != null) {
                checkDomain(ctx, ctx.formParam("domain"), ctx.formParam("fresh") != null, authorization);
            } else {
                probe(ctx, PageForm.of(ctx::formParam), authorization);
            }
        });
        routes.get(CSS_PATH, ctx -> ctx.contentType("text/css; charset=utf-8").result(css));
    }

    /**
     * Who asks, for the throttles: the client address on an anonymous page, else the token's name;
     * null when the page needs a token and none valid came.
     */
    private @Nullable String requester(Context ctx, @Nullable String authorization) {
        if (settings.anonymousPage()) {
            // Each client address has its own throttle.
            return "ip:" + ctx.ip();
        }
        Optional<String> caller =
                authorization == null ? Optional.empty() : settings.tokens().authenticate(authorization);
        return caller.orElse(null);
    }

    private void probe(Context ctx, PageForm form, @Nullable String authorization) {
        String requester = requester(ctx, authorization);
        if (requester == null) {
            refuse(ctx, form, "", unauthorized(authorization == null));
            return;
        }
        if (!drain.enter()) {
            refuse(ctx, form, "", Drain.SHUTTING_DOWN);
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
                        "",
                        CardSymbols.statusIcon(card.status()) + " " + card.title() + " · mailtls",
                        card(card, form.link(PATH), links));
            }
            case Answer.Refused r -> refuse(ctx, form, "", r.problem());
        }
    }

    /** The domain form: the same token rule, throttles and drain as a probe; the domain card as HTML. */
    private void checkDomain(Context ctx, String text, boolean fresh, @Nullable String authorization) {
        PageForm form = PageForm.EMPTY;
        String requester = requester(ctx, authorization);
        if (requester == null) {
            refuse(ctx, form, text, unauthorized(authorization == null));
            return;
        }
        if (!drain.enter()) {
            refuse(ctx, form, text, Drain.SHUTTING_DOWN);
            return;
        }
        DomainAsk.Outcome outcome;
        try {
            outcome = DomainAsk.of(text, fresh).run(domains, requester);
        } catch (ProblemException e) {
            outcome = new DomainAsk.Outcome.Refused(e.problem());
        } finally {
            drain.exit();
        }
        switch (outcome) {
            case DomainAsk.Outcome.Checked c -> {
                Card card = DomainCard.of(c.report());
                String link = PATH + "?domain=" + URLEncoder.encode(c.report().domain(), StandardCharsets.UTF_8);
                send(
                        ctx,
                        200,
                        form,
                        c.report().domain(),
                        CardSymbols.statusIcon(card.status()) + " " + card.title() + " · mailtls",
                        card(card, link, List.of()));
            }
            case DomainAsk.Outcome.Refused r -> refuse(ctx, form, text, r.problem());
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

    private void refuse(Context ctx, PageForm form, String domain, Problem p) {
        if (p.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Long.toString(p.retryAfterSeconds()));
        }
        if (p.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"mailtls\"");
        }
        send(ctx, p.status(), form, domain, p.title() + " · mailtls", problem(p));
    }

    /**
     * The card, with {@code link} to run it again; {@code links} are the probes its hints suggest,
     * shown as links to this page.
     */
    private Html card(Card card, String link, List<String> links) {
        return cardSection.fill(Map.of(
                "statusClass", Html.text(card.status().id()),
                "icon", Html.text(CardSymbols.statusIcon(card.status())),
                "statusLine", Html.text(card.title()),
                "body", HtmlCard.of(card, links),
                "link", Html.text(link)));
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

    private void send(Context ctx, int status, PageForm form, String domain, String title, Html result) {
        Html domainForm = domains == null
                ? Html.EMPTY
                : this.domainForm.fill(Map.of(
                        "domain",
                        Html.text(domain),
                        "freshChecked",
                        Html.EMPTY,
                        "tokenField",
                        settings.anonymousPage() ? Html.EMPTY : domainTokenField));
        Html html = page.fill(Map.ofEntries(
                Map.entry("title", Html.text(title)),
                Map.entry("host", Html.text(form.host())),
                Map.entry("port", Html.text(form.port())),
                Map.entry("transportOptions", options(TRANSPORTS, form.transport())),
                Map.entry("protocolOptions", options(PROTOCOLS, form.protocol())),
                Map.entry("freshChecked", new Html(form.fresh() ? " checked" : "")),
                Map.entry("deepChecked", new Html(form.deep() ? " checked" : "")),
                Map.entry("tokenField", settings.anonymousPage() ? Html.EMPTY : tokenField),
                Map.entry("domainForm", domainForm),
                Map.entry("result", result)));
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
