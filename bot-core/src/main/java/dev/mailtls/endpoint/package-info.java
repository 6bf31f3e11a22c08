/** Protocol, transport and target, and their inference from port and host name. */
@NullMarked
package dev.mailtls.endpoint;

import org.jspecify.annotations.NullMarked;
