package dev.mailtls.internal.tls;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.KeyShareEntry;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.jspecify.annotations.Nullable;

/**
 * One ClientHello and what the server answers to it, up to the point that tells which version and
 * suite it chose (and, for an ephemeral key exchange, which group or DH size): the way nmap's
 * ssl-enum-ciphers and testssl.sh ask. Nothing is negotiated, so a suite no TLS stack here could
 * run (EXPORT, RC4, anonymous) is asked about like any other, and nothing JVM-wide is loosened.
 * The ServerHello and its extensions are read with Bouncy Castle's own parser.
 */
public final class HelloOffer {

    /** What a server answered to one offer. */
    public sealed interface Answer {
        /**
         * The server chose a suite from the offer in the offered version.
         *
         * @param group the ECDHE curve or TLS 1.3 group it used ({@code x25519}), null when not seen
         * @param dhBits the size of its finite-field DH prime, 0 when not seen
         */
        record Chosen(
                TlsVersion version, int suite, @Nullable String group, int dhBits) implements Answer {}

        /**
         * The server said no: an alert, or a ServerHello for another (older) version.
         *
         * @param version the no was to the version itself (a protocol_version alert, or a
         *     ServerHello for an older version), not only to the suites offered
         */
        record Refused(String why, boolean version) implements Answer {}

        /** No answer either way: closed or reset without an alert, a timeout, bytes that are not TLS. */
        record Inconclusive(String why) implements Answer {}
    }

    /** How a refusal by a TLS alert begins (the alert's name follows). */
    static final String ALERT_REFUSAL = "alert ";

    /** How an answer that is a close without an alert begins. */
    static final String CLOSED = "the server closed the connection without an alert";

    /** Reading stops after this many bytes of the server's flight (a large certificate chain fits). */
    private static final int MAX_FLIGHT = 512 * 1024;

    /**
     * Bytes asked of the socket at once while reading the answer: an alert or a ServerHello in one
     * read; small, since every TLS 1.0/1.1 check allocates it twice.
     */
    private static final int RECORD_BUFFER = 1024;

    private static final int HANDSHAKE = 22;
    private static final int ALERT = 21;

    /** Groups offered in supported_groups: the modern ones first, then those old servers may need. */
    private static final int[] GROUPS = {
        NamedGroup.x25519,
        NamedGroup.secp256r1,
        NamedGroup.secp384r1,
        NamedGroup.secp521r1,
        NamedGroup.x448,
        NamedGroup.brainpoolP256r1,
        NamedGroup.brainpoolP384r1,
        NamedGroup.brainpoolP512r1,
        NamedGroup.secp256k1,
        NamedGroup.secp224r1,
        NamedGroup.secp224k1,
        NamedGroup.secp192r1,
        NamedGroup.secp192k1,
        NamedGroup.secp160r2,
        NamedGroup.secp160r1,
        NamedGroup.secp160k1,
        NamedGroup.sect571r1,
        NamedGroup.sect571k1,
        NamedGroup.sect409r1,
        NamedGroup.sect409k1,
        NamedGroup.sect283r1,
        NamedGroup.sect283k1,
        NamedGroup.sect239k1,
        NamedGroup.sect233r1,
        NamedGroup.sect233k1,
        NamedGroup.sect193r2,
        NamedGroup.sect193r1,
        NamedGroup.sect163r2,
        NamedGroup.sect163r1,
        NamedGroup.sect163k1,
    };

    /** Groups offered in a TLS 1.3 hello: a server that wants another asks again (HelloRetryRequest). */
    private static final int[] TLS13_GROUPS = {
        NamedGroup.x25519,
        NamedGroup.secp256r1,
        NamedGroup.secp384r1,
        NamedGroup.secp521r1,
        NamedGroup.x448,
        NamedGroup.ffdhe2048,
        NamedGroup.ffdhe3072,
        NamedGroup.ffdhe4096,
    };

    /** signature_algorithms: every scheme a server certificate of any age may be signed with. */
    private static final int[] SIGNATURE_SCHEMES = {
        0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601,
        0x0301, 0x0302, 0x0303, 0x0201, 0x0202, 0x0203, 0x0402, 0x0502, 0x0602,
    };

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A valid secp256r1 public key for TLS 1.3 key shares (the server computes with it; we never do). */
    private static final byte[] P256_SHARE = p256Share();

    private HelloOffer() {}

    /**
     * Sends one ClientHello over {@code socket} (connected, and for STARTTLS past the go-ahead) and
     * reads the answer. Never throws: every outcome is an {@link Answer}. The caller closes the socket.
     */
    public static Answer offer(
            Socket socket, TlsVersion version, List<Integer> suites, @Nullable String sniName, int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(version, suites, sniName));
            out.flush();
            return read(socket.getInputStream(), version, Set.copyOf(suites));
        } catch (SocketTimeoutException e) {
            return new Answer.Inconclusive("no answer within " + timeoutMillis + " ms");
        } catch (EOFException e) {
            return new Answer.Inconclusive(CLOSED);
        } catch (IOException e) {
            return new Answer.Inconclusive("the connection broke: " + e.getMessage());
        }
    }

    /** The ClientHello record offering {@code suites} in {@code version} only. */
    static byte[] clientHello(TlsVersion version, List<Integer> suites, @Nullable String sniName) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int clientVersion = version == TlsVersion.TLS13 ? TlsVersion.TLS12.code() : version.code();
        u16(body, clientVersion);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        body.writeBytes(random);
        if (version == TlsVersion.TLS13) {
            // A legacy session id, as TLS 1.3 clients send for middlebox compatibility.
            byte[] session = new byte[32];
            RANDOM.nextBytes(session);
            body.write(32);
            body.writeBytes(session);
        } else {
            body.write(0);
        }
        u16(body, suites.size() * 2);
        suites.forEach(s -> u16(body, s));
        body.write(1);
        body.write(0);
        if (version != TlsVersion.SSL3) {
            byte[] extensions = extensions(version, sniName);
            u16(body, extensions.length);
            body.writeBytes(extensions);
        }
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(HANDSHAKE);
        u16(record, version == TlsVersion.SSL3 ? 0x0300 : 0x0301);
        u16(record, hello.length + 4);
        record.write(1);
        u24(record, hello.length);
        record.writeBytes(hello);
        return record.toByteArray();
    }

    private static byte[] extensions(TlsVersion version, @Nullable String sniName) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        if (sniName != null && !sniName.isEmpty()) {
            byte[] name = sniName.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream list = new ByteArrayOutputStream();
            u16(list, name.length + 3);
            list.write(0);
            u16(list, name.length);
            list.writeBytes(name);
            extension(e, 0, list.toByteArray());
        }
        ByteArrayOutputStream groups = new ByteArrayOutputStream();
        int[] offered = version == TlsVersion.TLS13 ? TLS13_GROUPS : GROUPS;
        u16(groups, offered.length * 2);
        for (int g : offered) {
            u16(groups, g);
        }
        extension(e, 10, groups.toByteArray());
        extension(e, 11, new byte[] {1, 0});
        if (version == TlsVersion.TLS12 || version == TlsVersion.TLS13) {
            ByteArrayOutputStream schemes = new ByteArrayOutputStream();
            u16(schemes, SIGNATURE_SCHEMES.length * 2);
            for (int s : SIGNATURE_SCHEMES) {
                u16(schemes, s);
            }
            extension(e, 13, schemes.toByteArray());
        }
        if (version == TlsVersion.TLS13) {
            extension(e, 43, new byte[] {2, 0x03, 0x04});
            extension(e, 45, new byte[] {1, 1});
            ByteArrayOutputStream shares = new ByteArrayOutputStream();
            byte[] x25519 = new byte[32];
            RANDOM.nextBytes(x25519);
            ByteArrayOutputStream entries = new ByteArrayOutputStream();
            u16(entries, NamedGroup.x25519);
            u16(entries, 32);
            entries.writeBytes(x25519);
            u16(entries, NamedGroup.secp256r1);
            u16(entries, P256_SHARE.length);
            entries.writeBytes(P256_SHARE);
            u16(shares, entries.size());
            shares.writeBytes(entries.toByteArray());
            extension(e, 51, shares.toByteArray());
        }
        extension(e, 0xff01, new byte[] {0});
        return e.toByteArray();
    }

    /** Reads records until the answer is known. */
    static Answer read(InputStream raw, TlsVersion offered, Set<Integer> offeredSuites) throws IOException {
        // Buffered: a record's header read byte by byte was a read from the socket per byte (six for
        // an alert), in every TLS 1.0/1.1 check. The connection is closed after this one answer.
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, RECORD_BUFFER));
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        int consumed = 0;
        Answer.Chosen chosen = null;
        int read = 0;
        while (read < MAX_FLIGHT) {
            int type = in.read();
            if (type < 0) {
                if (chosen != null) {
                    return chosen;
                }
                throw new EOFException();
            }
            if (type != HANDSHAKE && type != ALERT && type != 20 && type != 23) {
                return chosen != null
                        ? chosen
                        : new Answer.Inconclusive(
                                "the answer is not TLS (first byte 0x" + Integer.toHexString(type) + ")");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            int length = in.readUnsignedShort();
            if (major != 3 || length > 18_432) {
                return chosen != null ? chosen : new Answer.Inconclusive("the answer is not a TLS record");
            }
            byte[] fragment = new byte[length];
            in.readFully(fragment);
            read += length + 5;
            if (type == ALERT) {
                if (chosen != null) {
                    return chosen;
                }
                int description = length >= 2 ? fragment[1] & 0xff : -1;
                return new Answer.Refused(
                        ALERT_REFUSAL + AlertDescription.getText((short) description),
                        description == AlertDescription.protocol_version);
            }
            if (type != HANDSHAKE) {
                // A change_cipher_spec or encrypted data: the clear part of the flight is over.
                return chosen != null ? chosen : new Answer.Inconclusive("no ServerHello before encrypted data");
            }
            handshake.writeBytes(fragment);
            byte[] all = handshake.toByteArray();
            while (all.length - consumed >= 4) {
                int msgType = all[consumed] & 0xff;
                int msgLength = ((all[consumed + 1] & 0xff) << 16)
                        | ((all[consumed + 2] & 0xff) << 8)
                        | (all[consumed + 3] & 0xff);
                if (all.length - consumed - 4 < msgLength) {
                    break;
                }
                byte[] body = new byte[msgLength];
                System.arraycopy(all, consumed + 4, body, 0, msgLength);
                consumed += 4 + msgLength;
                if (chosen == null) {
                    if (msgType != 2) {
                        return new Answer.Inconclusive("the first handshake message is not a ServerHello");
                    }
                    Answer a = serverHello(body, offered, offeredSuites);
                    if (!(a instanceof Answer.Chosen c)) {
                        return a;
                    }
                    chosen = c;
                    if (offered == TlsVersion.TLS13 || !ephemeral(c.suite())) {
                        return chosen;
                    }
                } else if (msgType == 12) {
                    return keyExchange(chosen, body);
                } else if (msgType == 14) {
                    return chosen;
                }
            }
        }
        return chosen != null
                ? chosen
                : new Answer.Inconclusive("no ServerHello in the first " + MAX_FLIGHT + " bytes");
    }

    private static Answer serverHello(byte[] body, TlsVersion offered, Set<Integer> offeredSuites) {
        ServerHello hello;
        try {
            hello = ServerHello.parse(new ByteArrayInputStream(body));
        } catch (IOException | RuntimeException e) {
            return new Answer.Inconclusive("the ServerHello does not parse: " + e.getMessage());
        }
        TlsVersion version;
        String group = null;
        try {
            Hashtable<?, ?> extensions = hello.getExtensions();
            ProtocolVersion selected =
                    extensions == null ? null : TlsExtensionsUtils.getSupportedVersionsExtensionServer(ext(extensions));
            version = TlsVersion.of((selected != null ? selected : hello.getVersion()).getFullVersion());
            if (version == TlsVersion.TLS13 && extensions != null) {
                if (hello.isHelloRetryRequest()) {
                    group = NamedGroup.getName(TlsExtensionsUtils.getKeyShareHelloRetryRequest(ext(extensions)));
                } else {
                    KeyShareEntry share = TlsExtensionsUtils.getKeyShareServerHello(ext(extensions));
                    group = share == null ? null : NamedGroup.getName(share.getNamedGroup());
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Answer.Inconclusive("the ServerHello's extensions do not parse: " + e.getMessage());
        }
        if (version == null) {
            return new Answer.Inconclusive("the ServerHello names an unknown version");
        }
        if (version != offered) {
            return version.ordinal() < offered.ordinal()
                    ? new Answer.Refused("the server chose " + version.id() + " instead", true)
                    : new Answer.Inconclusive("the server chose " + version.id() + ", newer than offered");
        }
        if (!offeredSuites.contains(hello.getCipherSuite())) {
            return new Answer.Inconclusive(
                    "the server chose a suite that was not offered: " + SuiteCatalog.name(hello.getCipherSuite()));
        }
        return new Answer.Chosen(version, hello.getCipherSuite(), group, 0);
    }

    @SuppressWarnings("unchecked")
    private static Hashtable<Integer, byte[]> ext(Hashtable<?, ?> extensions) {
        return (Hashtable<Integer, byte[]>) extensions;
    }

    /** Whether the suite's key exchange sends a ServerKeyExchange with a group or DH prime. */
    private static boolean ephemeral(int code) {
        String name = SuiteCatalog.name(code);
        return name.contains("DHE_") || name.contains("_anon_");
    }

    /** The group (ECDHE) or prime size (DHE) from a ServerKeyExchange. */
    private static Answer keyExchange(Answer.Chosen chosen, byte[] body) {
        String name = SuiteCatalog.name(chosen.suite());
        try {
            if (name.contains("ECDH")) {
                if (body.length >= 3 && body[0] == 3) {
                    int curve = ((body[1] & 0xff) << 8) | (body[2] & 0xff);
                    return new Answer.Chosen(chosen.version(), chosen.suite(), NamedGroup.getName(curve), 0);
                }
                return new Answer.Chosen(chosen.version(), chosen.suite(), "explicit curve", 0);
            }
            int pLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
            byte[] p = new byte[pLength];
            System.arraycopy(body, 2, p, 0, pLength);
            return new Answer.Chosen(chosen.version(), chosen.suite(), null, new BigInteger(1, p).bitLength());
        } catch (RuntimeException e) {
            return chosen;
        }
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write((v >>> 16) & 0xff);
        u16(out, v & 0xffff);
    }

    private static byte[] p256Share() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            ECPublicKey key = (ECPublicKey) g.generateKeyPair().getPublic();
            byte[] share = new byte[65];
            share[0] = 4;
            copyUnsigned(key.getW().getAffineX(), share, 1);
            copyUnsigned(key.getW().getAffineY(), share, 33);
            return share;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no secp256r1", e);
        }
    }

    private static void copyUnsigned(BigInteger v, byte[] into, int at) {
        byte[] b = v.toByteArray();
        int from = Math.max(0, b.length - 32);
        int len = b.length - from;
        System.arraycopy(b, from, into, at + 32 - len, len);
    }
}
