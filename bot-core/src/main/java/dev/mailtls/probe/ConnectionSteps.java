package dev.mailtls.probe;

/** The first two steps of every plan: resolve the name, connect to the first address that answers. */
final class ConnectionSteps {
    private ConnectionSteps() {}

    static final Step RESOLVE = new Step() {
        @Override
        public String name() {
            return Phase.RESOLVE.key();
        }

        @Override
        public Outcome take(ProbeContext probe, Link link, Facts known) {
            Connector.Resolution r = probe.connector().resolve(probe.request(), probe.transcript(), probe.deadline());
            return r.addresses() == null
                    ? Outcome.stop(r.found(), link)
                    : Outcome.next(r.found(), Link.to(r.addresses()));
        }
    };

    static final Step CONNECT = new Step() {
        @Override
        public String name() {
            return Phase.CONNECT.key();
        }

        @Override
        public Outcome take(ProbeContext probe, Link link, Facts known) {
            Connector.Connection c = probe.connect(link.addresses(), true);
            return c.socket() == null ? Outcome.stop(c.found(), link) : Outcome.next(c.found(), link.with(c.socket()));
        }
    };
}
