/** The launcher: the CLI (probe; later serve and summary), configuration and wiring. */
@NullMarked
package dev.mailtls.app;

import org.jspecify.annotations.NullMarked;
