package dev.mailtls.discord;

import dev.mailtls.card.Card;
import dev.mailtls.card.TextRenderer;
import java.nio.charset.StandardCharsets;

/**
 * The whole card as plain text with its transcript, attached to the embed: what Discord's limits
 * cut from the embed is all here.
 *
 * @param name e.g. {@code mailtls-smtp.gmail.com-587.txt}
 */
public record TranscriptFile(String name, byte[] content) {

    public static TranscriptFile of(Card card, String host, int port) {
        String safeHost = host.replaceAll("[^A-Za-z0-9.-]", "_");
        String text = new TextRenderer(false, true).render(card);
        return new TranscriptFile("mailtls-" + safeHost + "-" + port + ".txt", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A domain card as text, e.g. {@code mailtls-domain-example.com.txt}. */
    public static TranscriptFile ofDomain(Card card, String domain) {
        String safe = domain.replaceAll("[^A-Za-z0-9.-]", "_");
        String text = new TextRenderer(false, true).render(card);
        return new TranscriptFile("mailtls-domain-" + safe + ".txt", text.getBytes(StandardCharsets.UTF_8));
    }
}
