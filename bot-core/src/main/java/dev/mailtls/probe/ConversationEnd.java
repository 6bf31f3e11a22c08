package dev.mailtls.probe;

/** The last words: QUIT (LOGOUT) timed as the close phase, or an untimed one after a refusal. */
final class ConversationEnd implements Step {
    /** The close phase of a conversation that went to its end. */
    static final ConversationEnd CLOSE = new ConversationEnd(true);
    /** After a refused STARTTLS: the refusal is noted first, then the session still ends politely. */
    static final ConversationEnd GOODBYE = new ConversationEnd(false);

    private final boolean timed;

    private ConversationEnd(boolean timed) {
        this.timed = timed;
    }

    @Override
    public String name() {
        return timed ? Phase.CLOSE.key() : "quit";
    }

    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        long t0 = probe.now();
        link.requireDialect().quit(link.requireSession());
        Facts found = timed ? Facts.NONE.took(Phase.CLOSE, probe.millisSince(t0)) : Facts.NONE;
        return timed ? Outcome.next(found, link) : Outcome.stop(found, link);
    }
}
