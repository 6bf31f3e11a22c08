package dev.mailtls.summary;

import java.io.IOException;

/**
 * Posts a group's summary somewhere: an outgoing webhook, or a chat front end's channel.
 * Implementations honour their platform's rate limits and escape server text for it.
 */
public interface Notifier {

    /** The destination kind it serves, e.g. {@code webhook}. */
    String kind();

    /**
     * @param destination the part after {@code kind:}, e.g. a channel id or a URL
     * @throws IOException when the platform refuses or cannot be reached after its retries
     */
    void post(String destination, GroupSummary summary) throws IOException;
}
