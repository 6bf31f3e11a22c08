/**
 * Load checks that run outside the default build ({@code mvn -Pbench}, {@code bench/api-load}):
 * {@link dev.mailtls.bench.ApiLoadCheck} drives the HTTP API in-process against loopback mail
 * servers and reports throughput, latency, dropped requests and leaked resources; {@link
 * dev.mailtls.bench.CommandFuzzCheck} feeds the command grammar a million generated texts.
 */
@NullMarked
package dev.mailtls.bench;

import org.jspecify.annotations.NullMarked;
