/** Resolver seam, address policy, the engine's ticker, printable text. */
@NullMarked
package dev.mailtls.net;

import org.jspecify.annotations.NullMarked;
