package dev.mailtls.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A resolver on 127.0.0.1 (UDP and TCP, one free port) that breaks DNSSEC the ways home routers and
 * some forwarders do, in front of a real server (a {@link BindServer}): it forwards every question
 * and strips the DNSSEC records from the answers ({@link Behaviour#STRIP_DNSSEC}) or only their
 * signatures ({@link Behaviour#STRIP_SIGNATURES}), or it answers NXDOMAIN to everything itself
 * ({@link Behaviour#NXDOMAIN}), like this sandbox's own resolver. {@link Behaviour#FORWARD} passes
 * answers through untouched. The behaviour can change while it runs.
 */
public final class DnsProxy implements AutoCloseable {

    /** What the proxy does with a question. */
    public enum Behaviour {
        /** Forwards, and passes the answer through as it came. */
        FORWARD,
        /** Forwards, then drops RRSIG, DNSKEY, DS, NSEC and NSEC3 records and clears AD. */
        STRIP_DNSSEC,
        /** Forwards, then drops the RRSIG records only and clears AD: a resolver that ignores DO. */
        STRIP_SIGNATURES,
        /** Answers NXDOMAIN to every question without asking anyone. */
        NXDOMAIN
    }

    private static final Set<Integer> DNSSEC_TYPES =
            Set.of(Type.RRSIG, Type.DNSKEY, Type.DS, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM);
    private static final Duration UPSTREAM_WAIT = Duration.ofSeconds(5);
    private static final int MAX_UDP = 65_535;

    private final @Nullable SimpleResolver upstream;
    private final DatagramSocket udp;
    private final LoopbackAcceptor tcp;
    private final List<Message> questions = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour;

    private DnsProxy(@Nullable InetSocketAddress upstream, Behaviour behaviour) {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        if (upstream != null && !upstream.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the proxy forwards to loopback only, not " + upstream);
        }
        if (upstream == null && behaviour != Behaviour.NXDOMAIN) {
            throw new IllegalArgumentException(behaviour + " forwards: it needs a server to forward to");
        }
        if (upstream == null) {
            this.upstream = null;
        } else {
            SimpleResolver resolver = new SimpleResolver(upstream);
            resolver.setTimeout(UPSTREAM_WAIT);
            this.upstream = resolver;
        }
        // The kernel picks a free UDP port; the same number may be taken for TCP (by any process's
        // outgoing connection, whose ephemeral ports share the range): then pick again.
        DatagramSocket boundUdp = null;
        LoopbackAcceptor boundTcp = null;
        for (int attempt = 1; boundTcp == null; attempt++) {
            try {
                boundUdp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            } catch (SocketException e) {
                throw new UncheckedIOException("cannot bind a UDP port on 127.0.0.1", e);
            }
            try {
                boundTcp = new LoopbackAcceptor(
                        "dns-proxy",
                        new InetSocketAddress("127.0.0.1", boundUdp.getLocalPort()),
                        UPSTREAM_WAIT,
                        this::serveTcp);
            } catch (UncheckedIOException e) {
                boundUdp.close();
                if (attempt >= 20) {
                    throw e;
                }
            }
        }
        this.udp = boundUdp;
        this.tcp = boundTcp;
        Thread.ofVirtual().name("dns-proxy-udp").start(this::serveUdp);
    }

    /** A proxy in front of {@code server} doing {@code behaviour}. */
    public static DnsProxy in(BindServer server, Behaviour behaviour) {
        return new DnsProxy(new InetSocketAddress(server.host(), server.port()), behaviour);
    }

    /** A resolver that answers NXDOMAIN to every question, with nothing behind it. */
    public static DnsProxy nxdomainForEverything() {
        return new DnsProxy(null, Behaviour.NXDOMAIN);
    }

    /** From now on, do {@code next}. */
    public void behave(Behaviour next) {
        if (upstream == null && next != Behaviour.NXDOMAIN) {
            throw new IllegalArgumentException(next + " forwards: this proxy has no server to forward to");
        }
        this.behaviour = Objects.requireNonNull(next, "next");
    }

    /** {@code 127.0.0.1:PORT}: the {@code --dns} value that points a check at this proxy. */
    public String address() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    /** How many questions for {@code type} reached the proxy, over UDP and TCP. */
    public long asked(int type) {
        return questions.stream()
                .filter(q -> q.getQuestion() != null && q.getQuestion().getType() == type)
                .count();
    }

    private void serveUdp() {
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(new byte[MAX_UDP], MAX_UDP);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            byte[] wire = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            Thread.ofVirtual().name("dns-proxy-question").start(() -> {
                try {
                    Message query = new Message(wire);
                    OPTRecord opt = query.getOPT();
                    int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
                    byte[] out = answer(query).toWire(limit);
                    udp.send(new DatagramPacket(out, out.length, client));
                } catch (IOException e) {
                    // A question that does not parse, or a socket closed under us: no answer, as a real
                    // resolver would give none.
                }
            });
        }
    }

    private void serveTcp(java.net.Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        while (true) {
            int length;
            try {
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                return;
            }
            byte[] wire = new byte[length];
            in.readFully(wire);
            byte[] reply = answer(new Message(wire)).toWire();
            out.writeShort(reply.length);
            out.write(reply);
            out.flush();
        }
    }

    private Message answer(Message query) throws IOException {
        questions.add(query);
        Behaviour now = behaviour;
        if (now == Behaviour.NXDOMAIN) {
            Message reply = new Message(query.getHeader().getID());
            reply.getHeader().setFlag(Flags.QR);
            reply.getHeader().setFlag(Flags.RA);
            if (query.getHeader().getFlag(Flags.RD)) {
                reply.getHeader().setFlag(Flags.RD);
            }
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
            if (query.getQuestion() != null) {
                reply.addRecord(query.getQuestion(), Section.QUESTION);
            }
            return reply;
        }
        Message response = Objects.requireNonNull(upstream).send(query.clone());
        if (now == Behaviour.FORWARD) {
            return response;
        }
        Message stripped = response.clone();
        stripped.getHeader().unsetFlag(Flags.AD);
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (org.xbill.DNS.Record record : List.copyOf(stripped.getSection(section))) {
                boolean drop = now == Behaviour.STRIP_SIGNATURES
                        ? record.getType() == Type.RRSIG
                        : DNSSEC_TYPES.contains(record.getType());
                if (drop) {
                    stripped.removeRecord(record, section);
                }
            }
        }
        return stripped;
    }

    @Override
    public void close() {
        udp.close();
        tcp.close();
    }
}
