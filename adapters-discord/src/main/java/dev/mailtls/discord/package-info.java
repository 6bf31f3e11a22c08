/** Discord front end (JDA): the /mailtls slash command, embeds, channel notifier. Filled by a later issue. */
@NullMarked
package dev.mailtls.discord;

import org.jspecify.annotations.NullMarked;
