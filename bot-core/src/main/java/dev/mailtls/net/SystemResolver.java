package dev.mailtls.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves through the operating system ({@link InetAddress#getAllByName}). */
public final class SystemResolver implements Resolver {
    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
