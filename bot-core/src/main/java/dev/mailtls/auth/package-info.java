/**
 * The auth probe's values: the credentials a user supplies and how the attempt ended. A leaf package,
 * so both the protocol dialects that run the exchange and the probe that records it can use them.
 */
@NullMarked
package dev.mailtls.auth;

import org.jspecify.annotations.NullMarked;
