package dev.mailtls.lease;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Leases in this process's memory with the semantics of the database table (take when free or run
 * out, renew by the holder, release by the holder), shared by several {@link Lease}s as servers
 * share a database; it can be made to fail or hang as a database that goes away.
 */
final class MemoryLeases implements Leases {
    private record Row(String holder, long expiresAt) {}

    private final Map<String, Row> rows = new HashMap<>();
    private volatile boolean failing;
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private int asks;

    @Override
    public boolean acquire(String name, String holder, Duration ttl) {
        try {
            hang.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (failing) {
            throw new IllegalStateException("the database does not answer");
        }
        synchronized (this) {
            asks++;
            long now = System.nanoTime();
            Row row = rows.get(name);
            if (row == null || row.holder().equals(holder) || row.expiresAt() - now < 0) {
                rows.put(name, new Row(holder, now + ttl.toNanos()));
                return true;
            }
            return false;
        }
    }

    @Override
    public synchronized void release(String name, String holder) {
        if (failing) {
            throw new IllegalStateException("the database does not answer");
        }
        Row row = rows.get(name);
        if (row != null && row.holder().equals(holder)) {
            rows.remove(name);
        }
    }

    /** Who the table says holds it, or null. */
    synchronized String holder(String name) {
        Row row = rows.get(name);
        return row == null ? null : row.holder();
    }

    /** Another server takes the lease now, as after this one's lease ran out. */
    synchronized void giveTo(String name, String holder, Duration ttl) {
        rows.put(name, new Row(holder, System.nanoTime() + ttl.toNanos()));
    }

    synchronized int asks() {
        return asks;
    }

    void fail(boolean failing) {
        this.failing = failing;
    }

    /** Every ask blocks until {@link #unhang}. */
    void hang() {
        hang = new CountDownLatch(1);
    }

    void unhang() {
        hang.countDown();
    }
}
