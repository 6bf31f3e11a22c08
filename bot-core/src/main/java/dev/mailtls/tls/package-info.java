/** TLS handshake, certificate chain capture, trust and hostname verdicts, certificate details. */
@NullMarked
package dev.mailtls.tls;

import org.jspecify.annotations.NullMarked;
