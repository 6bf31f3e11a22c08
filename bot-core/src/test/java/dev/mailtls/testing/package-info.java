/**
 * Test fixtures shared through bot-core's test-jar: loopback servers that misbehave on purpose
 * ({@link dev.mailtls.testing.FaultServer}), a scripted STARTTLS-capable mail server ({@link
 * dev.mailtls.testing.ScriptedMailServer}) and private Postfix and Dovecot instances ({@link
 * dev.mailtls.testing.RealMailServers}).
 */
@NullMarked
package dev.mailtls.testing;

import org.jspecify.annotations.NullMarked;
