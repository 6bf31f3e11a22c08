/** The handshakes: the JDK's, and Bouncy Castle's low-level client for what the JDK refuses (TLS 1.0/1.1, very large chains); host-name matching. bot-core's own plumbing, for no other module. */
@NullMarked
package dev.mailtls.internal.tls;

import org.jspecify.annotations.NullMarked;
