/**
 * Leases: a name that one server at a time holds, for work that must not run on two replicas at
 * once (the Discord gateway). {@link Leases} is where they are kept (the shared database, or this
 * process alone), {@link Lease} takes one, renews it, and stops the work before it could lapse.
 */
@NullMarked
package dev.mailtls.lease;

import org.jspecify.annotations.NullMarked;
