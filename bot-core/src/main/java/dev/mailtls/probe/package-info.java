/** The Prober and its result: phases, timings, transcript. */
@NullMarked
package dev.mailtls.probe;

import org.jspecify.annotations.NullMarked;
