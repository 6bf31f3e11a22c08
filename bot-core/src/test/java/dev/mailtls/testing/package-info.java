/**
 * Test fixtures shared through bot-core's test-jar: loopback servers that misbehave on purpose
 * ({@link dev.mailtls.testing.FaultServer}), a scripted STARTTLS-capable mail server ({@link
 * dev.mailtls.testing.ScriptedMailServer}), private Postfix and Dovecot instances ({@link
 * dev.mailtls.testing.RealMailServers}) and a private BIND serving zones signed at test time ({@link
 * dev.mailtls.testing.BindServer}, {@link dev.mailtls.testing.DnsZone}) with a proxy in front of it
 * that breaks DNSSEC as home routers do ({@link dev.mailtls.testing.DnsProxy}).
 */
@NullMarked
package dev.mailtls.testing;

import org.jspecify.annotations.NullMarked;
