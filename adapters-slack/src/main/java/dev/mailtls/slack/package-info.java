/**
 * Slack front end (Bolt for Java): the /mailtls slash command in Socket Mode and HTTP mode, the
 * Block Kit card, the transcript button and the channel notifier. Wiring: build a {@link
 * dev.mailtls.slack.SlackSettings}, a {@link dev.mailtls.slack.SlackCommandHandler}, an app with
 * {@link dev.mailtls.slack.SlackApps#create}, then start {@link dev.mailtls.slack.SlackSocketMode}
 * and/or host {@link dev.mailtls.slack.SlackHttpEndpoint} at {@code /slack/events}.
 */
@NullMarked
package dev.mailtls.slack;

import org.jspecify.annotations.NullMarked;
