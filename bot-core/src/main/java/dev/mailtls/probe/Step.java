package dev.mailtls.probe;

/**
 * One step of a probe's conversation: a phase as a value. It takes the probe's context, the live
 * conversation and what the steps before it found, and returns an {@link Outcome}; it writes
 * nothing into the probe's record. Steps are stateless, so a {@link Plan} can list them once.
 */
interface Step {
    /** The name in a plan's listing: the phase key it times (connect, greeting...) or its own. */
    String name();

    Outcome take(ProbeContext probe, Link link, Facts found);
}
