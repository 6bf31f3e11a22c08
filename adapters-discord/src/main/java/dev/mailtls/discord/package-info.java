/**
 * Discord front end: the {@code /mailtls} slash command over the gateway (JDA) or the HTTP
 * interactions endpoint, the embed renderer of the neutral card, and a channel notifier.
 */
@NullMarked
package dev.mailtls.discord;

import org.jspecify.annotations.NullMarked;
