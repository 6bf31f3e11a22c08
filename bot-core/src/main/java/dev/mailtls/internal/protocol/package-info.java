/** One Dialect per mail protocol: greeting, capabilities, STARTTLS/STLS, auth probe, close. bot-core's own plumbing, for no other module. */
@NullMarked
package dev.mailtls.internal.protocol;

import org.jspecify.annotations.NullMarked;
