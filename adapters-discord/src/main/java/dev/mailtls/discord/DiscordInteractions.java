package dev.mailtls.discord;

import dev.mailtls.card.Card;
import dev.mailtls.retry.Sleeper;
import dev.mailtls.summary.GroupSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord's HTTP interactions endpoint, free of any web framework: give it the request's headers
 * and raw body, send back the {@link Response}'s status and JSON. The signature is checked first
 * (401 when wrong, missing or stale); a PING is answered with a PONG; {@code /mailtls} is answered
 * at once (help and usage errors in an ephemeral message, a probe with "deferred", ephemeral when
 * {@code private}), and the probe's card follows by {@code PATCH
 * {api}/webhooks/{application}/{token}/messages/@original}, with the whole card attached. A {@code
 * provider:} or {@code scan:} host is deferred the same way and followed by one matrix embed. The
 * card's Re-run (fresh) button comes back as a component interaction and edits the card in place.
 *
 * <pre>{@code
 * app.post("/discord/interactions", ctx -> {
 *     DiscordInteractions.Response r = interactions.handle(ctx.headerMap(), ctx.bodyAsBytes());
 *     ctx.status(r.status()).contentType(DiscordInteractions.Response.CONTENT_TYPE).result(r.body());
 * });
 * }</pre>
 */
public final class DiscordInteractions {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordInteractions.class);

    static final int PING = 1;
    static final int APPLICATION_COMMAND = 2;
    static final int MESSAGE_COMPONENT = 3;
    static final int PONG = 1;
    static final int CHANNEL_MESSAGE_WITH_SOURCE = 4;
    static final int DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5;
    /** A component's acknowledgement: the message the button sits on is edited later. */
    static final int DEFERRED_UPDATE_MESSAGE = 6;

    static final int EPHEMERAL = 1 << 6;

    /** What to answer Discord: a status and a JSON body. */
    public record Response(int status, String body) {
        public static final String CONTENT_TYPE = "application/json";
    }

    private final InteractionSignature signature;
    private final DiscordProbe probe;
    private final DiscordRest rest;
    private final @Nullable String applicationId;
    private final Executor executor;
    private final DiscordEmbedRenderer renderer = new DiscordEmbedRenderer();
    private final DiscordSummaryRenderer matrix = new DiscordSummaryRenderer();

    /** Follow-ups over {@code settings.apiUrl()}, probes on virtual threads. */
    public DiscordInteractions(DiscordSettings settings, DiscordProbe probe) {
        this(
                settings,
                probe,
                DiscordRest.defaultClient(),
                Executors.newVirtualThreadPerTaskExecutor(),
                Clock.systemUTC(),
                Sleeper.system());
    }

    public DiscordInteractions(
            DiscordSettings settings,
            DiscordProbe probe,
            HttpClient http,
            Executor executor,
            Clock clock,
            Sleeper sleeper) {
        // Webhook follow-ups authenticate by the interaction token in the path: no bot token.
        this(settings, probe, new DiscordRest(http, settings.apiUrl(), null, sleeper, clock), executor, clock);
    }

    /** @param rest Discord's API for the follow-ups, without a bot token, with its retries and clock */
    DiscordInteractions(
            DiscordSettings settings, DiscordProbe probe, DiscordRest rest, Executor executor, Clock clock) {
        String key = settings.publicKey();
        if (key == null) {
            throw new IllegalArgumentException("the Discord interactions endpoint needs DISCORD_PUBLIC_KEY");
        }
        this.signature = new InteractionSignature(key, clock);
        this.probe = Objects.requireNonNull(probe, "probe");
        this.rest = Objects.requireNonNull(rest, "rest");
        this.applicationId = settings.applicationId();
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** @param headers the request's headers, any case */
    public Response handle(Map<String, String> headers, byte[] body) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        if (!signature.verify(h.get("X-Signature-Ed25519"), h.get("X-Signature-Timestamp"), body)) {
            return error(401, "invalid request signature");
        }
        DataObject in;
        try {
            in = DataObject.fromJson(body);
        } catch (RuntimeException e) {
            return error(400, "the body is not JSON");
        }
        int type = in.getInt("type", 0);
        if (type == PING) {
            return new Response(200, DataObject.empty().put("type", PONG).toString());
        }
        if (type == MESSAGE_COMPONENT) {
            return component(in);
        }
        if (type != APPLICATION_COMMAND) {
            return error(400, "unsupported interaction type " + type);
        }
        DataObject data = in.optObject("data").orElseGet(DataObject::empty);
        if (!DiscordCommand.NAME.equals(data.getString("name", ""))) {
            return message("This bot only knows /" + DiscordCommand.NAME + ".");
        }
        String application = applicationId != null ? applicationId : in.getString("application_id", "");
        String token = in.getString("token", "");
        if (!application.matches("\\d{1,20}") || !token.matches("[A-Za-z0-9._-]{1,500}")) {
            return error(400, "the interaction has no usable application id or token");
        }
        // Follow-ups are retried while the interaction token lives: 15 min from now.
        Instant notAfter = rest.clock().instant().plus(DiscordRest.INTERACTION_TOKEN_LIFETIME);
        return switch (DiscordProbe.ask(options(data))) {
            case DiscordProbe.Ask.Answer a -> message(a.text());
            case DiscordProbe.Ask.Probe p -> {
                String requester = requester(in);
                String webhook = "/webhooks/" + application + "/" + token;
                executor.execute(() -> followUp(
                        webhook, () -> probe.run(p, requester), renderer::render, p.isPrivate(), requester, notAfter));
                DataObject deferred = DataObject.empty().put("type", DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE);
                if (p.isPrivate()) {
                    deferred.put("data", DataObject.empty().put("flags", EPHEMERAL));
                }
                yield new Response(200, deferred.toString());
            }
            case DiscordProbe.Ask.Domain d -> {
                String requester = requester(in);
                String refusal = probe.refuseDomain(requester);
                if (refusal != null) {
                    // Throttled, or no domain checks: said at once, without a "thinking…" to replace.
                    yield message(refusal);
                }
                String webhook = "/webhooks/" + application + "/" + token;
                executor.execute(() -> followUp(
                        webhook,
                        () -> probe.runAdmittedDomain(d, requester),
                        renderer::renderDomain,
                        d.isPrivate(),
                        requester,
                        notAfter));
                DataObject deferred = DataObject.empty().put("type", DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE);
                if (d.isPrivate()) {
                    deferred.put("data", DataObject.empty().put("flags", EPHEMERAL));
                }
                yield new Response(200, deferred.toString());
            }
            case DiscordProbe.Ask.Group g -> {
                String refusal = probe.refuseGroup(requester(in));
                if (refusal != null) {
                    yield message(refusal);
                }
                String original = "/webhooks/" + application + "/" + token + "/messages/@original";
                executor.execute(() -> followUp(original, g, notAfter));
                DataObject deferred = DataObject.empty().put("type", DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE);
                if (g.isPrivate()) {
                    deferred.put("data", DataObject.empty().put("flags", EPHEMERAL));
                }
                yield new Response(200, deferred.toString());
            }
        };
    }

    /**
     * A card's Re-run (fresh) button, a probe card's or a domain card's: its custom id is read by the
     * shared grammar (an id that does not parse, or a domain that is none, gets an ephemeral answer),
     * the click is acknowledged with a deferred update, and the card the button sits on is edited
     * into the fresh one ({@code PATCH .../messages/@original}); a throttle or refusal follows only
     * to the person who clicked, and the card stays.
     */
    private Response component(DataObject in) {
        DataObject data = in.optObject("data").orElseGet(DataObject::empty);
        String id = data.getString("custom_id", "");
        if (!id.startsWith(CardButtons.RERUN_PREFIX)) {
            return message("This button is not one mailtls knows.");
        }
        String application = applicationId != null ? applicationId : in.getString("application_id", "");
        String token = in.getString("token", "");
        if (!application.matches("\\d{1,20}") || !token.matches("[A-Za-z0-9._-]{1,500}")) {
            return error(400, "the interaction has no usable application id or token");
        }
        Instant notAfter = rest.clock().instant().plus(DiscordRest.INTERACTION_TOKEN_LIFETIME);
        return switch (DiscordProbe.rerun(id)) {
            case DiscordProbe.Ask.Answer a -> message(a.text());
            case DiscordProbe.Ask.Probe p -> {
                String requester = requester(in);
                String webhook = "/webhooks/" + application + "/" + token;
                executor.execute(
                        () -> rerun(webhook, () -> probe.run(p, requester), renderer::render, requester, notAfter));
                yield new Response(
                        200,
                        DataObject.empty().put("type", DEFERRED_UPDATE_MESSAGE).toString());
            }
            case DiscordProbe.Ask.Domain d -> {
                String requester = requester(in);
                String webhook = "/webhooks/" + application + "/" + token;
                executor.execute(() -> rerun(
                        webhook, () -> probe.runDomain(d, requester), renderer::renderDomain, requester, notAfter));
                yield new Response(
                        200,
                        DataObject.empty().put("type", DEFERRED_UPDATE_MESSAGE).toString());
            }
            case DiscordProbe.Ask.Group g -> message("A Re-run button never runs a group.");
        };
    }

    /**
     * @param run the probe or domain check, run here (on the executor)
     * @param render the card's embed
     */
    private void rerun(
            String webhook,
            Supplier<DiscordProbe.Reply> run,
            Function<Card, MessageEmbed> render,
            String requester,
            Instant notAfter) {
        String original = webhook + "/messages/@original";
        try {
            switch (run.get()) {
                case DiscordProbe.Reply.Carded c ->
                    check("PATCH", original, sendCard(original, c, render.apply(c.card()), notAfter));
                case DiscordProbe.Reply.Notice n -> {
                    DataObject content = DataObject.empty()
                            .put("content", n.text())
                            .put("flags", EPHEMERAL)
                            .put("allowed_mentions", DiscordNotifier.noMentions());
                    check("POST", webhook, rest.json("POST", webhook, content, notAfter));
                }
            }
        } catch (DiscordRest.GaveUp e) {
            // logged once by DiscordRest
        } catch (IOException e) {
            LOG.warn("Discord re-run for {} failed: {}", requester, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Edits the deferred reply into the group's matrix embed. */
    private void followUp(String original, DiscordProbe.Ask.Group g, Instant notAfter) {
        String name = g.command().group().name();
        try {
            DataObject content = DataObject.empty().put("allowed_mentions", DiscordNotifier.noMentions());
            Optional<GroupSummary> summary = probe.runGroup(g);
            if (summary.isPresent()) {
                content.put(
                        "embeds",
                        DataArray.empty()
                                .add(matrix.renderMatrix(
                                                summary.get(),
                                                summary.get().run().startedAt())
                                        .toData()));
            } else {
                content.put("content", DiscordProbe.APOLOGY);
            }
            check("PATCH", original, rest.json("PATCH", original, content, notAfter));
        } catch (DiscordRest.GaveUp e) {
            // logged once by DiscordRest
        } catch (IOException e) {
            LOG.warn("Discord follow-up for group {} failed: {}", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Edits the deferred reply into the card, or tells only the asker a notice.
     *
     * @param run the probe or domain check, run here (on the executor)
     * @param render the card's embed
     */
    private void followUp(
            String webhook,
            Supplier<DiscordProbe.Reply> run,
            Function<Card, MessageEmbed> render,
            boolean isPrivate,
            String requester,
            Instant notAfter) {
        String original = webhook + "/messages/@original";
        try {
            DiscordProbe.Reply reply = run.get();
            switch (reply) {
                case DiscordProbe.Reply.Carded c ->
                    check("PATCH", original, sendCard(original, c, render.apply(c.card()), notAfter));
                case DiscordProbe.Reply.Notice n -> {
                    DataObject content = DataObject.empty()
                            .put("content", n.text())
                            .put("allowed_mentions", DiscordNotifier.noMentions());
                    if (isPrivate) {
                        check("PATCH", original, rest.json("PATCH", original, content, notAfter));
                    } else {
                        // A public "thinking…" cannot turn ephemeral: remove it and tell only the asker.
                        check("DELETE", original, rest.send("DELETE", original, null, new byte[0], notAfter));
                        check("POST", webhook, rest.json("POST", webhook, content.put("flags", EPHEMERAL), notAfter));
                    }
                }
            }
        } catch (DiscordRest.GaveUp e) {
            // logged once by DiscordRest
        } catch (IOException e) {
            LOG.warn("Discord follow-up for {} failed: {}", requester, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The embed and the whole card as {@code files[0]}, in Discord's multipart form. */
    private DiscordRest.Response sendCard(
            String path, DiscordProbe.Reply.Carded c, MessageEmbed embed, Instant notAfter)
            throws IOException, InterruptedException {
        TranscriptFile file = c.file();
        DataObject payload = DataObject.empty()
                .put("embeds", DataArray.empty().add(embed.toData()))
                .put("components", c.buttons().json())
                .put("allowed_mentions", DiscordNotifier.noMentions())
                .put(
                        "attachments",
                        DataArray.empty().add(DataObject.empty().put("id", 0).put("filename", file.name())));
        String boundary = "mailtls-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part(out, boundary, "form-data; name=\"payload_json\"", "application/json", payload.toJson());
        part(
                out,
                boundary,
                "form-data; name=\"files[0]\"; filename=\"" + file.name() + "\"",
                "text/plain; charset=utf-8",
                file.content());
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return rest.send("PATCH", path, "multipart/form-data; boundary=" + boundary, out.toByteArray(), notAfter);
    }

    private static void part(ByteArrayOutputStream out, String boundary, String disposition, String type, byte[] data)
            throws IOException {
        out.write(
                ("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + type + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void check(String method, String path, DiscordRest.Response r) throws IOException {
        if (!r.ok()) {
            throw new IOException(DiscordRest.describe(method, path, r));
        }
    }

    static DiscordCommand.Options options(DataObject data) {
        DataArray all = data.optArray("options").orElseGet(DataArray::empty);
        String host = "";
        Long port = null;
        String transport = null;
        String protocol = null;
        boolean fresh = false;
        boolean isPrivate = false;
        boolean auth = false;
        boolean deep = false;
        for (int i = 0; i < all.length(); i++) {
            DataObject o = all.getObject(i);
            switch (o.getString("name", "")) {
                case DiscordCommand.HOST -> host = o.getString("value", "");
                case DiscordCommand.PORT -> port = o.getLong("value");
                case DiscordCommand.TRANSPORT -> transport = o.getString("value", null);
                case DiscordCommand.PROTOCOL -> protocol = o.getString("value", null);
                case DiscordCommand.FRESH -> fresh = o.getBoolean("value");
                case DiscordCommand.PRIVATE -> isPrivate = o.getBoolean("value");
                case DiscordCommand.AUTH -> auth = o.getBoolean("value");
                case DiscordCommand.DEEP -> deep = o.getBoolean("value");
                default -> {} // an option a newer registration added: ignored
            }
        }
        return new DiscordCommand.Options(host, port, transport, protocol, fresh, isPrivate, auth, deep);
    }

    /** "discord:GUILD:USER" (the user under {@code member} in a guild, at the top level in DMs). */
    static String requester(DataObject in) {
        String guild = in.getString("guild_id", "dm");
        DataObject user = in.optObject("member")
                .flatMap(m -> m.optObject("user"))
                .or(() -> in.optObject("user"))
                .orElseGet(DataObject::empty);
        return "discord:" + guild + ":" + user.getString("id", "unknown");
    }

    private static Response message(String text) {
        DataObject data = DataObject.empty()
                .put("content", text)
                .put("flags", EPHEMERAL)
                .put("allowed_mentions", DiscordNotifier.noMentions());
        return new Response(
                200,
                DataObject.empty()
                        .put("type", CHANNEL_MESSAGE_WITH_SOURCE)
                        .put("data", data)
                        .toString());
    }

    private static Response error(int status, String message) {
        return new Response(status, DataObject.empty().put("error", message).toString());
    }
}
