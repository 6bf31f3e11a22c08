/**
 * Delivery retries shared by every front end that posts to someone else's HTTP endpoint (Slack's
 * {@code response_url}, Discord's webhooks, outgoing summary webhooks): one {@link
 * dev.mailtls.retry.RetryPolicy}, an injected {@link dev.mailtls.retry.Sleeper} and clock.
 */
@NullMarked
package dev.mailtls.retry;

import org.jspecify.annotations.NullMarked;
