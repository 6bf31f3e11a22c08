/** Protocol, transport and target, and their inference from port and host name. */
@NullMarked
package dev.mailtls.target;

import org.jspecify.annotations.NullMarked;
