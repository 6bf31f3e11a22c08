package dev.mailtls.testing;

import dev.mailtls.net.Resolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resolver for tests that never asks DNS: names registered here resolve to their addresses,
 * {@code localhost} and loopback literals resolve to loopback, anything else does not exist.
 */
public final class TestResolver implements Resolver {
    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();

    public static TestResolver loopback(String... hostNames) {
        TestResolver r = new TestResolver();
        for (String h : hostNames) {
            r.add(h, InetAddress.getLoopbackAddress());
        }
        return r;
    }

    public TestResolver add(String host, InetAddress... addresses) {
        names.put(host.toLowerCase(java.util.Locale.ROOT), List.of(addresses));
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> a = names.get(host.toLowerCase(java.util.Locale.ROOT));
        if (a != null) {
            return a;
        }
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")) {
            return List.of(InetAddress.getByName(host.equals("localhost") ? "127.0.0.1" : host));
        }
        throw new UnknownHostException(host + ": no such name (test resolver)");
    }
}
