package dev.mailtls.lease;

import java.time.Duration;

/**
 * Where leases are kept. The history database keeps them for every server that shares it; {@link
 * #local()} keeps them for this process alone, where no other server can compete. Implementations
 * are safe to share between threads.
 */
public interface Leases {

    /**
     * Takes {@code name} for {@code holder} until {@code ttl} from now, by the store's clock, when
     * nobody holds it or its lease has run out; renews it when {@code holder} has it already.
     *
     * @return true when {@code holder} holds it now, false when another holder does
     * @throws RuntimeException when the store cannot be asked (the database does not answer): the
     *     caller cannot know who holds it
     */
    boolean acquire(String name, String holder, Duration ttl);

    /** Gives {@code name} up when {@code holder} has it, so another server takes it at once. */
    void release(String name, String holder);

    /** Leases of a server that shares them with nobody: always held. */
    static Leases local() {
        return LocalLeases.INSTANCE;
    }
}
