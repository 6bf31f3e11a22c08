/** Slack front end (Bolt for Java): the /mailtls slash command, Block Kit cards, channel notifier. Filled by a later issue. */
@NullMarked
package dev.mailtls.slack;

import org.jspecify.annotations.NullMarked;
