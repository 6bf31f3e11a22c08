package dev.mailtls.frontend;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A chat front end as {@code serve} runs it, built by its {@link FrontEndModule}. */
public interface FrontEnd extends AutoCloseable {

    /** The endpoints the platform calls, hosted by the web server; none when it connects out. */
    default List<Webhook> webhooks() {
        return List.of();
    }

    /**
     * Connects what connects out (a socket, a gateway). A failure is reported to {@code error} and
     * the server runs on: the API, the page and the other front ends do not depend on it. The server
     * logs each message on one line, whatever line breaks a library put in it.
     */
    void start(Consumer<String> info, Consumer<String> error);

    /**
     * The leases this front end takes (work only one server may run, see {@link
     * dev.mailtls.lease.Lease}), each with whether this server holds it now; none by default.
     */
    default Map<String, Boolean> leases() {
        return Map.of();
    }

    /** One line for the start log: which modes run, or how to turn it on. Never holds a secret. */
    String describe();

    /** Stops what {@link #start} connected and releases what it holds. Safe to call once started or not. */
    @Override
    void close();
}
