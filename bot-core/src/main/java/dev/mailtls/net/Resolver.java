package dev.mailtls.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Where names become addresses. A seam: tests resolve through a map, never public DNS. */
@FunctionalInterface
public interface Resolver {
    /**
     * Every A and AAAA address of the name, in the order to try them.
     *
     * @throws UnknownHostException when the name does not exist
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
