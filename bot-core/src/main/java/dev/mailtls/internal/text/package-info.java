/** Durations in words for probe messages, hints and cards. bot-core's own plumbing, for no other module. */
@NullMarked
package dev.mailtls.internal.text;

import org.jspecify.annotations.NullMarked;
