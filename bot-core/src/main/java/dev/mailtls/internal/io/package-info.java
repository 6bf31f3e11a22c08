/** Deadlines on the engine's ticker and the bounded line reader: bot-core's own plumbing, for no other module. */
@NullMarked
package dev.mailtls.internal.io;

import org.jspecify.annotations.NullMarked;
