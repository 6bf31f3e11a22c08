/**
 * The chat use case: what {@code /mailtls <words>} means, once for Slack, Discord and the API's
 * command endpoint. {@link ChatCommands} reads the words ({@link ChatAsk}: help, a usage error, a
 * probe or a group) and runs them through the service ({@link ChatAnswer}: a card, a matrix, a
 * throttle, an address-policy refusal, or mailtls's own failure); front ends acknowledge and render.
 */
@NullMarked
package dev.mailtls.chat;

import org.jspecify.annotations.NullMarked;
