package dev.mailtls.probe;

/**
 * What a step returns: what it found, the conversation as it left it, and what comes next. The
 * driver merges {@link #found()} into the probe's facts; the step itself writes nothing there.
 */
sealed interface Outcome {
    Facts found();

    Link link();

    /** Go on with the plan's next step. */
    record Continue(Facts found, Link link) implements Outcome {}

    /** The conversation is over: a failure, or a step that ends it on purpose. */
    record Stop(Facts found, Link link) implements Outcome {}

    /** Go on with another plan instead: what the port turned out to speak decides the rest. */
    record Switch(Facts found, Link link, Plan plan) implements Outcome {}

    static Outcome next(Facts found, Link link) {
        return new Continue(found, link);
    }

    static Outcome stop(Facts found, Link link) {
        return new Stop(found, link);
    }

    static Outcome then(Facts found, Link link, Plan plan) {
        return new Switch(found, link, plan);
    }
}
