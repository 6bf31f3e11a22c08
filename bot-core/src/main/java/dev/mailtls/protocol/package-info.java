/** One Dialect per mail protocol: greeting, capabilities, STARTTLS/STLS, auth probe, close. */
@NullMarked
package dev.mailtls.protocol;

import org.jspecify.annotations.NullMarked;
