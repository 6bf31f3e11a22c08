package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.retry.RetryPolicy;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.testing.FakeDomainDns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class DiscordCommandHandlerTest {
    private static final EnumSet<Message.MentionType> NONE = EnumSet.noneOf(Message.MentionType.class);

    private final SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
    private final ReplyCallbackAction reply = mock(ReplyCallbackAction.class, RETURNS_SELF);
    private final InteractionHook hook = mock(InteractionHook.class);

    @SuppressWarnings("unchecked")
    private final WebhookMessageEditAction<Message> edit = mock(WebhookMessageEditAction.class, RETURNS_SELF);

    @SuppressWarnings("unchecked")
    private final WebhookMessageCreateAction<Message> followUp = mock(WebhookMessageCreateAction.class, RETURNS_SELF);

    @SuppressWarnings("unchecked")
    private final RestAction<Void> delete = mock(RestAction.class);

    DiscordCommandHandlerTest() {
        when(event.getName()).thenReturn(DiscordCommand.NAME);
        when(event.reply(anyString())).thenReturn(reply);
        when(event.deferReply(anyBoolean())).thenReturn(reply);
        when(event.getHook()).thenReturn(hook);
        User user = mock(User.class);
        when(user.getId()).thenReturn("42");
        when(event.getUser()).thenReturn(user);
        Guild guild = mock(Guild.class);
        when(guild.getId()).thenReturn("7");
        when(event.getGuild()).thenReturn(guild);
        when(hook.editOriginal(any(MessageEditData.class))).thenReturn(edit);
        when(hook.editOriginal(anyString())).thenReturn(edit);
        when(hook.deleteOriginal()).thenReturn(delete);
        when(hook.sendMessage(anyString())).thenReturn(followUp);
    }

    private void options(Map<String, Object> values) {
        values.forEach((name, value) -> {
            OptionMapping m = mock(OptionMapping.class);
            switch (value) {
                case String s -> when(m.getAsString()).thenReturn(s);
                case Long l -> when(m.getAsLong()).thenReturn(l);
                case Boolean b -> when(m.getAsBoolean()).thenReturn(b);
                default -> throw new IllegalArgumentException(name);
            }
            when(event.getOption(name)).thenReturn(m);
        });
    }

    private static DiscordCommandHandler handler(LoopbackService s) {
        return new DiscordCommandHandler(s.probe, Runnable::run);
    }

    @Test
    void usageErrorRepliesEphemerallyWithWhatToDoAndProbesNothing() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "mail.test", "transport", "starttls", "protocol", "smtp", "port", 70000L));

            handler(s).onSlashCommandInteraction(event);

            ArgumentCaptor<String> text = ArgumentCaptor.forClass(String.class);
            verify(event).reply(text.capture());
            assertThat(text.getValue()).contains("bad port 70000").contains("/mailtls host:help");
            verify(reply).setEphemeral(true);
            verify(reply).setAllowedMentions(NONE);
            verify(reply).queue();
            verify(event, never()).deferReply(anyBoolean());
            assertThat(s.server.connections()).isZero();
        }
    }

    @Test
    void hostHelpShowsTheUsageEphemerally() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "help"));

            handler(s).onSlashCommandInteraction(event);

            ArgumentCaptor<String> text = ArgumentCaptor.forClass(String.class);
            verify(event).reply(text.capture());
            assertThat(text.getValue()).contains("/mailtls host:smtp.gmail.com").contains("usage: <host>");
            verify(reply).setEphemeral(true);
            verify(reply).setAllowedMentions(NONE);
        }
    }

    @Test
    void otherCommandsAreIgnored() {
        try (LoopbackService s = LoopbackService.open()) {
            when(event.getName()).thenReturn("other");

            handler(s).onSlashCommandInteraction(event);

            verify(event, never()).reply(anyString());
            verify(event, never()).deferReply(anyBoolean());
        }
    }

    @Test
    void probeDefersPubliclyThenEditsInTheEmbedWithTheCardAttached() throws IOException {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "protocol", "smtp"));

            handler(s).onSlashCommandInteraction(event);

            verify(event).deferReply(false);
            verify(reply).setAllowedMentions(NONE);
            ArgumentCaptor<MessageEditData> data = ArgumentCaptor.forClass(MessageEditData.class);
            verify(hook).editOriginal(data.capture());
            verify(edit).setAllowedMentions(NONE);
            verify(edit).complete();
            MessageEditData sent = data.getValue();
            assertThat(sent.getAllowedMentions()).isEmpty();
            assertThat(sent.getEmbeds()).hasSize(1);
            MessageEmbed embed = sent.getEmbeds().get(0);
            assertThat(embed.getTitle()).contains("mail.test:" + s.port() + " — SMTP in plaintext");
            String json = embed.toData().toString();
            assertThat(json).doesNotContain("@everyone").doesNotContain("<@1");
            assertThat(sent.getFiles()).hasSize(1);
            FileUpload file = sent.getFiles().get(0);
            assertThat(file.getName()).isEqualTo("mailtls-mail.test-" + s.port() + ".txt");
            try (var in = file.getData()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .contains("220 mail.test ESMTP")
                        .contains("Transcript");
            }
            assertThat(s.server.connections()).isPositive();
        }
    }

    @Test
    void domainHostDefersThenEditsInTheDomainEmbedWithTheWholeCardAttached() throws IOException {
        FakeDomainDns dns = new FakeDomainDns()
                .mx("example.test", 10, "mx1.example.test")
                .host("mx1.example.test", "127.0.0.2")
                .txt("_mta-sts.example.test", "v=STSv1; @everyone <@123456789012345678>");
        ProbeOptions options = ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5));
        try (ProbeService service = new ProbeService(
                new Prober(dns.resolver(), Clock.systemUTC(), AddressPolicy.strict(List.of(), List.of(), Set.of(25))),
                ServiceLimits.defaults())) {
            DiscordProbe probe = new DiscordProbe(
                    service,
                    new Diagnoser(),
                    options,
                    new GroupRunner(service, new Diagnoser(), options),
                    null,
                    dns.checks(service, Duration.ofSeconds(5)));
            options(Map.of("host", "domain:example.test", "private", true));

            new DiscordCommandHandler(probe, Runnable::run).onSlashCommandInteraction(event);

            verify(event).deferReply(true);
            ArgumentCaptor<MessageEditData> data = ArgumentCaptor.forClass(MessageEditData.class);
            verify(hook).editOriginal(data.capture());
            MessageEditData sent = data.getValue();
            assertThat(sent.getAllowedMentions()).isEmpty();
            MessageEmbed embed = sent.getEmbeds().get(0);
            assertThat(embed.getTitle()).contains("example.test — mail domain");
            assertThat(embed.getFields())
                    .extracting(MessageEmbed.Field::getName)
                    .contains("MX 10", "MTA-STS");
            String json = embed.toData().toString();
            assertThat(json)
                    .contains("mx1.example.test")
                    .doesNotContain("@everyone")
                    .doesNotContain("<@1");
            // Private, without a public URL: a private Re-run, no Open in browser.
            assertThat(sent.getComponents().stream()
                            .flatMap(c -> c.asActionRow().getButtons().stream())
                            .map(Button::getCustomId))
                    .containsExactly("mailtls:rerun:domain example.test fresh private");
            assertThat(sent.getFiles())
                    .extracting(FileUpload::getName)
                    .containsExactly("mailtls-domain-example.test.txt");
        }
    }

    @Test
    void theDomainCardsReRunEditsItInPlaceWithAFreshCheckForTheClicker() {
        try (DomainService s = new DomainService(10_000, "https://mailtls.example.com")) {
            options(Map.of("host", "domain:example.test"));
            DiscordCommandHandler handler = new DiscordCommandHandler(s.probe, Runnable::run);
            handler.onSlashCommandInteraction(event);
            ArgumentCaptor<MessageEditData> first = ArgumentCaptor.forClass(MessageEditData.class);
            verify(hook).editOriginal(first.capture());
            List<Button> buttons = first.getValue().getComponents().stream()
                    .flatMap(c -> c.asActionRow().getButtons().stream())
                    .toList();
            assertThat(buttons).hasSize(2);
            assertThat(buttons.get(0).getCustomId()).isEqualTo("mailtls:rerun:domain example.test fresh");
            assertThat(buttons.get(1).getStyle()).isEqualTo(ButtonStyle.LINK);
            assertThat(buttons.get(1).getUrl()).isEqualTo("https://mailtls.example.com/?domain=example.test");
            InteractionHook buttonHook = mock(InteractionHook.class);
            @SuppressWarnings("unchecked")
            WebhookMessageEditAction<Message> edited = mock(WebhookMessageEditAction.class, RETURNS_SELF);
            when(buttonHook.editOriginal(any(MessageEditData.class))).thenReturn(edited);
            ButtonInteractionEvent b = click(buttons.get(0).getCustomId(), buttonHook);

            handler.onButtonInteraction(b);

            verify(b).deferEdit();
            verify(b, never()).reply(anyString());
            ArgumentCaptor<MessageEditData> data = ArgumentCaptor.forClass(MessageEditData.class);
            verify(buttonHook).editOriginal(data.capture());
            verify(edited).setAllowedMentions(NONE);
            verify(edited).complete();
            assertThat(data.getValue().getEmbeds().get(0).getTitle()).contains("example.test — mail domain");
            assertThat(data.getValue().getComponents()).hasSize(1);
            // fresh: the MX address was probed again, not answered from the cache
            assertThat(s.probed.get()).isEqualTo(2);
            assertThat(s.fromCache.get()).isZero();
        }
    }

    @Test
    void aForgedDomainReRunIdIsAnsweredOnlyToTheClickerAndChecksNothing() {
        try (DomainService s = new DomainService(10_000, null)) {
            ButtonInteractionEvent b = click("mailtls:rerun:domain <@&123>.test", mock(InteractionHook.class));

            new DiscordCommandHandler(s.probe, Runnable::run).onButtonInteraction(b);

            ArgumentCaptor<String> text = ArgumentCaptor.forClass(String.class);
            verify(b).reply(text.capture());
            assertThat(text.getValue())
                    .startsWith("⚠ This Re-run button does not hold a command mailtls can run (")
                    .contains("is not a mail domain")
                    .doesNotContain("<@&");
            verify(reply).setEphemeral(true);
            verify(b, never()).deferEdit();
            assertThat(s.probed.get() + s.fromCache.get()).isZero();
        }
    }

    @Test
    void aThrottledDomainCheckIsAnsweredAtOnceWithoutADeferredReply() {
        try (DomainService s = new DomainService(1, null)) {
            options(Map.of("host", "domain:example.test"));
            DiscordCommandHandler handler = new DiscordCommandHandler(s.probe, Runnable::run);
            handler.onSlashCommandInteraction(event);

            handler.onSlashCommandInteraction(event);

            // One "thinking…" for the first check only; the second is told at once, only to the asker.
            verify(event, times(1)).deferReply(anyBoolean());
            ArgumentCaptor<String> text = ArgumentCaptor.forClass(String.class);
            verify(event).reply(text.capture());
            assertThat(text.getValue()).startsWith("⏳ you started several checks in a short time: try again in ");
            verify(reply).setEphemeral(true);
            verify(hook, never()).deleteOriginal();
            verify(hook, never()).sendMessage(anyString());
            assertThat(s.probed.get()).isEqualTo(1);
        }
    }

    /** Discord ignored auth (it had no option, and the probe dropped the grammar's word). */
    @Test
    void authRunsTheAuthProbe() throws IOException {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "auth", true));

            handler(s).onSlashCommandInteraction(event);

            ArgumentCaptor<MessageEditData> data = ArgumentCaptor.forClass(MessageEditData.class);
            verify(hook).editOriginal(data.capture());
            try (var in = data.getValue().getFiles().get(0).getData()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .contains("AUTH_SKIPPED_PLAINTEXT")
                        .contains("The auth probe did not run: the channel is not encrypted.");
            }
        }
    }

    @Test
    void privateProbeDefersEphemerally() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "private", true));

            handler(s).onSlashCommandInteraction(event);

            verify(event).deferReply(true);
            verify(hook).editOriginal(any(MessageEditData.class));
        }
    }

    @Test
    void scanHostDefersPubliclyThenEditsInTheMatrixWithoutMentions() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "scan:mail.test"));

            handler(s).onSlashCommandInteraction(event);

            verify(event).deferReply(false);
            ArgumentCaptor<MessageEditData> data = ArgumentCaptor.forClass(MessageEditData.class);
            verify(hook).editOriginal(data.capture());
            verify(edit).setAllowedMentions(NONE);
            verify(edit).complete();
            MessageEditData sent = data.getValue();
            assertThat(sent.getAllowedMentions()).isEmpty();
            MessageEmbed embed = sent.getEmbeds().get(0);
            assertThat(embed.getTitle()).isEqualTo("❌ scan-mail.test — failure");
            assertThat(embed.getFields().get(0).getValue().lines().filter(l -> l.contains("mail.test")))
                    .hasSize(7);
        }
    }

    @Test
    void badScanHostRepliesEphemerallyWithTheGrammarsError() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "scan:mail.test", "port", 25L));

            handler(s).onSlashCommandInteraction(event);

            ArgumentCaptor<String> text = ArgumentCaptor.forClass(String.class);
            verify(event).reply(text.capture());
            assertThat(text.getValue()).contains("scan takes one host name").contains("host:scan:");
            verify(reply).setEphemeral(true);
            verify(event, never()).deferReply(anyBoolean());
        }
    }

    @Test
    void requesterIsGuildAndUser() {
        assertThat(DiscordCommandHandler.requester(event)).isEqualTo("discord:7:42");
        when(event.getGuild()).thenReturn(null);
        assertThat(DiscordCommandHandler.requester(event)).isEqualTo("discord:dm:42");
    }

    @Test
    void throttledProbeRemovesThePublicReplyAndTellsOnlyTheAskerWhenToRetry() {
        try (LoopbackService s = LoopbackService.onePerMinute()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "fresh", true));
            DiscordCommandHandler handler = handler(s);
            handler.onSlashCommandInteraction(event);

            handler.onSlashCommandInteraction(event);

            verify(hook).deleteOriginal();
            verify(delete).complete();
            ArgumentCaptor<String> text = ArgumentCaptor.forClass(String.class);
            verify(hook).sendMessage(text.capture());
            // As on Slack: a throttled fresh probe says that a cached result is not limited.
            assertThat(text.getValue())
                    .matches("(?s)⏳ .*try again in \\d+ s\\. Without `fresh`, a recent result comes from the cache"
                            + " at once\\.");
            verify(followUp).setEphemeral(true);
            verify(followUp).setAllowedMentions(NONE);
            verify(followUp).complete();
        }
    }

    @Test
    void policyRefusalExplainsWhyAndWhatToDoPrivately() {
        try (LoopbackService s = LoopbackService.strict()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "private", true));

            handler(s).onSlashCommandInteraction(event);

            verify(event).deferReply(true);
            ArgumentCaptor<String> text = ArgumentCaptor.forClass(String.class);
            verify(hook).editOriginal(text.capture());
            assertThat(text.getValue())
                    .startsWith("🚫 This mailtls does not probe mail.test")
                    .contains("ask the operator of this service to allow the address or port")
                    .doesNotContain("MAILTLS");
            verify(edit).setAllowedMentions(NONE);
            verify(hook, never()).editOriginal(any(MessageEditData.class));
            assertThat(s.server.connections()).isZero();
        }
    }

    @Test
    void publicPolicyRefusalGoesToTheAskerOnly() {
        try (LoopbackService s = LoopbackService.strict()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain"));

            handler(s).onSlashCommandInteraction(event);

            verify(hook).deleteOriginal();
            verify(hook).sendMessage(org.mockito.ArgumentMatchers.startsWith("🚫 "));
            verify(followUp).setEphemeral(true);
            verify(followUp).setAllowedMentions(NONE);
        }
    }

    /** A handler whose waits are recorded and whose give-ups are collected. */
    private static DiscordCommandHandler retrying(LoopbackService s, List<Duration> slept, List<String> gaveUp) {
        GatewayDelivery delivery = new GatewayDelivery(
                RetryPolicy.CHAT,
                slept::add,
                Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC),
                gaveUp::add);
        return new DiscordCommandHandler(s.probe, Runnable::run, delivery);
    }

    private static ErrorResponseException serverError() {
        ErrorResponseException e = mock(ErrorResponseException.class);
        when(e.isServerError()).thenReturn(true);
        return e;
    }

    @Test
    void anEditThatMeetsDiscordServerErrorsIsRetriedUntilTheCardArrives() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "protocol", "smtp"));
            ErrorResponseException first = serverError();
            ErrorResponseException second = serverError();
            Message delivered = mock(Message.class);
            when(edit.complete()).thenThrow(first, second).thenReturn(delivered);
            List<Duration> slept = new ArrayList<>();
            List<String> gaveUp = new ArrayList<>();

            retrying(s, slept, gaveUp).onSlashCommandInteraction(event);

            verify(edit, times(3)).complete();
            // each try sends a fresh message: a file upload cannot be sent twice
            verify(hook, times(3)).editOriginal(any(MessageEditData.class));
            assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(gaveUp).isEmpty();
        }
    }

    @Test
    void anEditThatKeepsFailingIsGivenUpOnAfterBoundedTriesWithOneLogLine() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "protocol", "smtp"));
            ErrorResponseException e = serverError();
            when(edit.complete()).thenThrow(e);
            List<Duration> slept = new ArrayList<>();
            List<String> gaveUp = new ArrayList<>();

            retrying(s, slept, gaveUp).onSlashCommandInteraction(event);

            verify(edit, times(RetryPolicy.CHAT.maxAttempts())).complete();
            assertThat(slept).hasSize(RetryPolicy.CHAT.maxAttempts() - 1);
            assertThat(gaveUp)
                    .containsExactly("Discord: gave up sending the card for mail.test:" + s.port()
                            + ": Discord server error after 5 attempts");
        }
    }

    @Test
    void aRefusalThatIsNotAServerErrorIsNotRetried() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "protocol", "smtp"));
            ErrorResponseException unknownWebhook = mock(ErrorResponseException.class);
            when(edit.complete()).thenThrow(unknownWebhook);
            List<Duration> slept = new ArrayList<>();
            List<String> gaveUp = new ArrayList<>();

            retrying(s, slept, gaveUp).onSlashCommandInteraction(event);

            verify(edit, times(1)).complete();
            assertThat(slept).isEmpty();
            assertThat(gaveUp).isEmpty();
        }
    }

    @Test
    void anUnexpectedFailureOfTheEditEndsTheDeliveryQuietly() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "protocol", "smtp"));
            when(edit.complete()).thenThrow(new IllegalStateException("the interaction hook has expired"));
            List<Duration> slept = new ArrayList<>();
            List<String> gaveUp = new ArrayList<>();

            retrying(s, slept, gaveUp).onSlashCommandInteraction(event);

            verify(edit, times(1)).complete();
            assertThat(slept).isEmpty();
        }
    }

    /** A click on a card's button over the gateway, by user 43 in guild 7. */
    private ButtonInteractionEvent click(String customId, InteractionHook buttonHook) {
        ButtonInteractionEvent b = mock(ButtonInteractionEvent.class);
        when(b.getComponentId()).thenReturn(customId);
        when(b.deferEdit()).thenReturn(mock(MessageEditCallbackAction.class, RETURNS_SELF));
        when(b.reply(anyString())).thenReturn(reply);
        when(b.getHook()).thenReturn(buttonHook);
        User user = mock(User.class);
        when(user.getId()).thenReturn("43");
        when(b.getUser()).thenReturn(user);
        Guild guild = mock(Guild.class);
        when(guild.getId()).thenReturn("7");
        when(b.getGuild()).thenReturn(guild);
        return b;
    }

    @Test
    void theCardCarriesTheReRunButtonAndTheLinkWhenThePageIsPublic() {
        try (LoopbackService s = LoopbackService.withPublicUrl("https://mailtls.example.com")) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "protocol", "smtp"));

            handler(s).onSlashCommandInteraction(event);

            ArgumentCaptor<MessageEditData> data = ArgumentCaptor.forClass(MessageEditData.class);
            verify(hook).editOriginal(data.capture());
            List<Button> buttons = data.getValue().getComponents().stream()
                    .flatMap(c -> c.asActionRow().getButtons().stream())
                    .toList();
            assertThat(buttons).hasSize(2);
            assertThat(buttons.get(0).getCustomId())
                    .isEqualTo("mailtls:rerun:mail.test " + s.port() + " plain smtp fresh");
            assertThat(buttons.get(1).getStyle()).isEqualTo(ButtonStyle.LINK);
            assertThat(buttons.get(1).getUrl())
                    .isEqualTo("https://mailtls.example.com/?host=mail.test&port=" + s.port()
                            + "&transport=plain&protocol=smtp");
        }
    }

    @Test
    void reRunClickEditsTheCardInPlaceWithAFreshProbeForTheClicker() {
        try (LoopbackService s = LoopbackService.open()) {
            options(Map.of("host", "mail.test", "port", (long) s.port(), "transport", "plain", "protocol", "smtp"));
            DiscordCommandHandler handler = handler(s);
            handler.onSlashCommandInteraction(event);
            int before = s.server.connections();
            InteractionHook buttonHook = mock(InteractionHook.class);
            @SuppressWarnings("unchecked")
            WebhookMessageEditAction<Message> edited = mock(WebhookMessageEditAction.class, RETURNS_SELF);
            when(buttonHook.editOriginal(any(MessageEditData.class))).thenReturn(edited);
            ButtonInteractionEvent b = click("mailtls:rerun:mail.test " + s.port() + " plain smtp fresh", buttonHook);

            handler.onButtonInteraction(b);

            verify(b).deferEdit();
            verify(b, never()).reply(anyString());
            ArgumentCaptor<MessageEditData> data = ArgumentCaptor.forClass(MessageEditData.class);
            verify(buttonHook).editOriginal(data.capture());
            verify(edited).setAllowedMentions(NONE);
            verify(edited).complete();
            MessageEmbed embed = data.getValue().getEmbeds().get(0);
            assertThat(embed.getTitle()).contains("mail.test:" + s.port());
            assertThat(embed.getFooter().getText()).doesNotContain("cached");
            assertThat(data.getValue().getComponents()).hasSize(1);
            assertThat(s.server.connections()).isGreaterThan(before);
        }
    }

    @Test
    void aForgedReRunIdIsAnsweredOnlyToTheClickerAndProbesNothing() {
        try (LoopbackService s = LoopbackService.open()) {
            InteractionHook buttonHook = mock(InteractionHook.class);
            ButtonInteractionEvent b = click("mailtls:rerun:mail.test 99999 <@&123>", buttonHook);

            handler(s).onButtonInteraction(b);

            ArgumentCaptor<String> text = ArgumentCaptor.forClass(String.class);
            verify(b).reply(text.capture());
            assertThat(text.getValue())
                    .startsWith("⚠ This Re-run button does not hold a command mailtls can run (")
                    .contains("bad port 99999")
                    .doesNotContain("<@&");
            verify(reply).setEphemeral(true);
            verify(reply).setAllowedMentions(NONE);
            verify(b, never()).deferEdit();
            assertThat(s.server.connections()).isZero();
        }
    }

    @Test
    void otherButtonsAreLeftAlone() {
        try (LoopbackService s = LoopbackService.open()) {
            ButtonInteractionEvent b = click("someone-else", mock(InteractionHook.class));

            handler(s).onButtonInteraction(b);

            verify(b, never()).deferEdit();
            verify(b, never()).reply(anyString());
        }
    }
}
