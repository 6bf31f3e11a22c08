package dev.mailtls.lease;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One named lease as this server holds it: a thread takes it when it is free, renews it every
 * {@link LeaseTiming#renewEvery}, starts the {@link Work} while held and stops it when the lease is
 * lost or closed. Servers that do not hold it ask again at the same pace.
 *
 * <p>The lease is fenced by this server's own timer: when no renewal has succeeded for {@link
 * LeaseTiming#fenceAfter} (the database does not answer, or answers late), the work stops before the
 * lease's {@link LeaseTiming#ttl} has run out, measured from the start of the last good renewal, so
 * two servers never run it at once even though the loser cannot tell the database. Each loss doubles
 * the wait before taking it again, up to {@link LeaseTiming#maxBackoff}.
 *
 * <p>{@link #close} stops the work, then releases the lease, so another server takes it at its next
 * ask rather than after the lease runs out.
 */
public final class Lease implements AutoCloseable {

    /**
     * What only the holder runs. Both methods are called one at a time on the lease's thread (or the
     * closing one) and should return quickly: start what takes long on a thread of its own.
     */
    public interface Work {
        /** This server holds the lease now. */
        void start();

        /** This server no longer holds it (lost, fenced, or closing): stop at once. */
        void stop();

        /**
         * Whether the work does what the lease is for (the Discord gateway is connected). Work that
         * stays unhealthy for {@link #UNHEALTHY_TURNS} lease lengths gives the lease up, so that
         * another server, which may reach what this one cannot, takes it. Healthy by default.
         */
        default boolean healthy() {
            return true;
        }
    }

    /** How many lease lengths ({@link LeaseTiming#ttl}) the work may stay unhealthy while held. */
    public static final int UNHEALTHY_TURNS = 4;

    private final Leases leases;
    private final String name;
    private final String holder;
    private final LeaseTiming timing;
    private final Work work;
    private final Consumer<String> info;
    private final Consumer<String> warning;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean closed; // guarded by lock
    private volatile boolean held; // written under lock
    private volatile @Nullable CompletableFuture<Boolean> inFlight;
    private volatile @Nullable Thread loop;
    private long backoff; // the last wait after a loss; the loop's thread alone

    private Lease(
            Leases leases,
            String name,
            String holder,
            LeaseTiming timing,
            Work work,
            Consumer<String> info,
            Consumer<String> warning) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.name = Objects.requireNonNull(name, "name");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.work = Objects.requireNonNull(work, "work");
        this.info = Objects.requireNonNull(info, "info");
        this.warning = Objects.requireNonNull(warning, "warning");
    }

    /**
     * Starts holding {@code name} in the background: {@code work} starts once this server holds it.
     *
     * @param info and {@code warning}: one line per change (taken, held elsewhere, lost, released)
     */
    public static Lease hold(
            Leases leases,
            String name,
            LeaseTiming timing,
            Work work,
            Consumer<String> info,
            Consumer<String> warning) {
        if (name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("a lease name has 1 to 64 characters, not \"" + name + "\"");
        }
        Lease lease = new Lease(leases, name, holderId(), timing, work, info, warning);
        lease.loop = Thread.ofVirtual().name("lease-" + name).start(lease::run);
        return lease;
    }

    /**
     * Who this lease holder is in the database and the logs: host, process id and a random part, so
     * two servers in one process (tests) or a restarted one never pass for each other.
     */
    private static String holderId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return host + ":" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(random);
    }

    /**
     * Whether this server holds the lease and its work runs: true once {@link Work#start} returned,
     * false once {@link Work#stop} did.
     */
    public boolean held() {
        return held;
    }

    public String name() {
        return name;
    }

    /** This server as the database names the holder, e.g. {@code mail-1:4242/0a1b2c}. */
    public String holder() {
        return holder;
    }

    private void run() {
        long renew = timing.renewEvery().toNanos();
        long fence = timing.fenceAfter().toNanos();
        long lastRenewal = 0; // start of the last good take or renewal, while held
        long heldSince = 0;
        long unhealthySince = 0; // while held: since when the work has been unhealthy, 0 when healthy
        boolean toldElsewhere = false;
        boolean toldUnreachable = false;
        try {
            while (true) {
                long began = System.nanoTime();
                if (held && began - lastRenewal >= fence) {
                    stopWork("lost: no renewal succeeded for " + millis(began - lastRenewal) + " ms");
                    if (!sleepUntil(began + lossWait(began - heldSince))) {
                        return;
                    }
                    continue;
                }
                long bound = held ? lastRenewal + fence - began : renew;
                Attempt a = attempt(bound);
                long next = began + renew;
                if (a.failure() != null) {
                    if (!toldUnreachable) {
                        warning.accept("lease " + name + ": cannot ask the database (" + a.failure() + ")"
                                + (held
                                        ? "; trying until " + words(timing.fenceAfter())
                                                + " after the last renewal, then stopping its work"
                                        : "; asking again every " + words(timing.renewEvery())));
                        toldUnreachable = true;
                    }
                    if (held) {
                        next = Math.min(next, lastRenewal + fence);
                    }
                } else if (a.held()) {
                    toldUnreachable = false;
                    lastRenewal = began;
                    if (!held) {
                        if (!startWork()) {
                            return;
                        }
                        heldSince = began;
                        unhealthySince = 0;
                        toldElsewhere = false;
                    } else if (healthy()) {
                        unhealthySince = 0;
                    } else if (unhealthySince == 0) {
                        unhealthySince = began;
                    } else if (began - unhealthySince >= timing.ttl().toNanos() * UNHEALTHY_TURNS) {
                        stopWork("its work has not been healthy for " + millis(began - unhealthySince)
                                + " ms; giving it up for another server");
                        release();
                        next = began + lossWait(began - heldSince);
                    }
                } else {
                    toldUnreachable = false;
                    if (held) {
                        stopWork("lost: another server holds it now");
                        next = began + lossWait(began - heldSince);
                    } else if (!toldElsewhere) {
                        info.accept("lease " + name + ": another server holds it; asking again every "
                                + words(timing.renewEvery()));
                        toldElsewhere = true;
                    }
                }
                if (!sleepUntil(next)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        }
    }

    /**
     * How long to wait before asking again after a loss: {@link LeaseTiming#renewEvery} after a hold
     * longer than {@link LeaseTiming#maxBackoff}, else twice the last wait, at most the maximum.
     * Every take of the Discord gateway is an IDENTIFY, of which Discord allows 1000 a day.
     */
    private long lossWait(long heldFor) {
        long max = timing.maxBackoff().toNanos();
        long wait = heldFor > max || backoff == 0 ? timing.renewEvery().toNanos() : Math.min(2 * backoff, max);
        backoff = wait;
        return wait;
    }

    private record Attempt(boolean held, @Nullable String failure) {}

    /** Asks the store, waiting at most {@code boundNanos}: a hung database must not delay the fence. */
    private Attempt attempt(long boundNanos) throws InterruptedException {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        inFlight = answer;
        Thread.ofVirtual().name("lease-" + name + "-ask").start(() -> {
            try {
                answer.complete(leases.acquire(name, holder, timing.ttl()));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return new Attempt(answer.get(Math.max(boundNanos, 1), TimeUnit.NANOSECONDS), null);
        } catch (TimeoutException e) {
            return new Attempt(false, "no answer within " + millis(boundNanos) + " ms");
        } catch (ExecutionException e) {
            Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
            return new Attempt(
                    false, Objects.toString(cause.getMessage(), cause.getClass().getSimpleName()));
        }
    }

    private boolean startWork() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            info.accept("lease " + name + ": this server (" + holder + ") holds it");
            try {
                work.start();
                held = true;
            } catch (RuntimeException e) {
                // Not started: the loop goes on, and the next renewal starts it again.
                warning.accept("lease " + name + ": its work did not start (" + e.getMessage() + "); trying again in "
                        + words(timing.renewEvery()));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void stopWork(String why) {
        lock.lock();
        try {
            if (!held) {
                return;
            }
            warning.accept("lease " + name + ": " + why + "; stopping its work");
            stopQuietly();
        } finally {
            lock.unlock();
        }
    }

    private boolean healthy() {
        try {
            return work.healthy();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Gives the lease back in the store; a failure is logged, and the lease then runs out. */
    private void release() {
        try {
            leases.release(name, holder);
        } catch (RuntimeException e) {
            warning.accept("lease " + name + ": not released (" + e.getMessage() + "); another server takes it"
                    + " when it runs out, within " + words(timing.ttl()));
        }
    }

    /** Stops the work (under the lock); a work that throws is stopped as far as this lease goes. */
    private void stopQuietly() {
        try {
            work.stop();
        } catch (RuntimeException e) {
            warning.accept("lease " + name + ": stopping its work failed (" + e.getMessage() + ")");
        } finally {
            held = false;
        }
    }

    /** Sleeps until {@code deadline} (nanoTime); false when closed meanwhile. */
    private boolean sleepUntil(long deadline) throws InterruptedException {
        lock.lock();
        try {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                wake.awaitNanos(left);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** "10 s", or "1200 ms" when not whole seconds. */
    private static String words(Duration d) {
        return d.toMillisPart() == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * Stops the work when held, stops asking, then releases the lease in the store so that another
     * server takes it at its next ask. Safe to call twice.
     */
    @Override
    public void close() {
        boolean wasHeld;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            wake.signalAll();
            wasHeld = held;
            if (held) {
                stopQuietly();
            }
        } finally {
            lock.unlock();
        }
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            // Its last ask is then the one in inFlight, not one it starts after this read.
            try {
                t.join(timing.renewEvery().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // An ask still on its way could take the lease after the release below: let it land first.
        CompletableFuture<Boolean> last = inFlight;
        if (last != null) {
            try {
                last.get(timing.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Failed or hung: nothing landed, or it lapses by itself.
            }
        }
        try {
            leases.release(name, holder);
            if (wasHeld) {
                info.accept("lease " + name + ": released");
            }
        } catch (RuntimeException e) {
            warning.accept("lease " + name + ": not released (" + e.getMessage() + "); another server takes it"
                    + " when it runs out, within " + words(timing.ttl()));
        }
    }

    @Override
    public String toString() {
        return "Lease[" + name + " " + holder + (held ? " held" : "") + "]";
    }
}
