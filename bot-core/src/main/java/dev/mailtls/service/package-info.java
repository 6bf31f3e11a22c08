/** ProbeService: the cache, in-flight dedupe, throttles and bounded concurrency shared by every front end. */
@NullMarked
package dev.mailtls.service;

import org.jspecify.annotations.NullMarked;
