package dev.mailtls.lease;

import java.time.Duration;

/** No other server competes: every acquire succeeds. */
enum LocalLeases implements Leases {
    INSTANCE;

    @Override
    public boolean acquire(String name, String holder, Duration ttl) {
        return true;
    }

    @Override
    public void release(String name, String holder) {}

    @Override
    public String toString() {
        return "local leases (this server alone)";
    }
}
