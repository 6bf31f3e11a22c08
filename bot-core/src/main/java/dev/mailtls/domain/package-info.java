/**
 * Domain checks ({@code mailtls domain example.com}): MX, MTA-STS, TLS-RPT, DANE with DNSSEC and the
 * client-settings SRV records of one mail domain. All DNS goes through the {@link
 * dev.mailtls.domain.DomainDns} seam (dnsjava in production, a test's own server in the tests).
 */
@NullMarked
package dev.mailtls.domain;

import org.jspecify.annotations.NullMarked;
