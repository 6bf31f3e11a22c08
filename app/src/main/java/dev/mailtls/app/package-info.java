/** The launcher: the CLI (probe, serve, healthcheck, token-hash; later summary), configuration and wiring. */
@NullMarked
package dev.mailtls.app;

import org.jspecify.annotations.NullMarked;
