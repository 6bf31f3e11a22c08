/**
 * What a chat front end plugs into: a {@link FrontEndModule} reads its own settings, names the
 * destination kinds it posts to with their notifiers, and builds the {@link FrontEnd} that {@code
 * serve} runs (its {@link Webhook}s, start, a line for the start log, close). The app registers
 * every module in one list; bot-core names no platform.
 */
@NullMarked
package dev.mailtls.frontend;

import org.jspecify.annotations.NullMarked;
