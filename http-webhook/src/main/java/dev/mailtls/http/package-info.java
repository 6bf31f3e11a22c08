/**
 * The HTTP front end: the automation API ({@code /api/v1/...}) answering with the card as JSON,
 * text or Markdown, the web page at {@code /}, health, readiness, Prometheus metrics and the
 * OpenAPI description. Built on Javalin; bot-core knows nothing of it.
 */
@NullMarked
package dev.mailtls.http;

import org.jspecify.annotations.NullMarked;
