/** Protocol, transport and target: what to probe, normalised, with inference from port and name. */
@NullMarked
package dev.mailtls.target;

import org.jspecify.annotations.NullMarked;
