/** Resolver seam, connector with deadlines, bounded line reader. */
@NullMarked
package dev.mailtls.net;

import org.jspecify.annotations.NullMarked;
