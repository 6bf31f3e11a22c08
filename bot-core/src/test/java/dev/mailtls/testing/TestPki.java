package dev.mailtls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A private test PKI made at test time with Bouncy Castle: a root CA, an intermediate CA signed by
 * it, and leaf certificates of every kind a mail server gets wrong. Chains are leaf first and stop
 * before the root, as a correctly configured server sends them.
 *
 * <p>Keys are generated once per JVM and shared by every instance (RSA generation is slow): the
 * root and intermediate are RSA 2048 (so they can sign SHA1withRSA), leafs are EC P-256 unless the
 * kind needs RSA. Two instances therefore share the same root key and name: a chain from one is
 * trusted by the other's root. Certificates themselves are fresh per instance.
 *
 * <p>What a JDK 25 server does with the weak kinds (checked by {@code TestPkiTest}, default {@code
 * java.security}): {@link #serverContext} with a {@link #sha1} or {@link #rsa1024} leaf still
 * completes a TLS 1.3 and a TLS 1.2 handshake with a client whose trust manager is a permissive
 * {@code X509ExtendedTrustManager} (the probe's capturing one). {@code
 * jdk.certpath.disabledAlgorithms} only refuses SHA-1 for chains anchored at a JDK cacerts CA used
 * for TLS servers ({@code SHA1 jdkCA & usage TLSServer}) and RSA keys below 1024 bits, and the
 * server's key manager does not check its own chain against it; {@code jdk.tls.disabledAlgorithms}
 * only refuses SHA-1 for handshake signatures, which an RSA-1024 or SHA-1-signed leaf never needs
 * (the key signs with RSA-PSS/SHA-256). A client that trusts the root through the JDK's default
 * PKIX trust manager accepts them too. {@link #md5} makes a leaf the JDK's PKIX validation refuses
 * outright ({@code MD5} is in {@code jdk.certpath.disabledAlgorithms}).
 */
public final class TestPki {

    /** A private key and its certificate chain, leaf first, without the root. */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {
        public Issued {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("chain must hold at least the leaf");
            }
        }

        public X509Certificate leaf() {
            return chain.get(0);
        }
    }

    public static final X500Principal ROOT_NAME = new X500Principal("CN=mailtls Test Root CA,O=mailtls tests");
    public static final X500Principal INTERMEDIATE_NAME =
            new X500Principal("CN=mailtls Test Intermediate CA,O=mailtls tests");
    /** The only name a {@link #wrongHost} certificate carries. */
    public static final String OTHER_HOST = "other.example.net";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] STORE_PASSWORD = "mailtls-test".toCharArray();
    private static final Duration DAY = Duration.ofDays(1);

    private final Instant now;
    private final X509Certificate root;
    private final X509Certificate intermediate;

    private TestPki(Instant now) {
        this.now = now;
        this.root = sign(
                ROOT_NAME,
                ROOT_NAME,
                Keys.ROOT.getPublic(),
                Keys.ROOT.getPrivate(),
                "SHA256withRSA",
                now.minus(DAY),
                now.plus(Duration.ofDays(3650)),
                ca(-1));
        this.intermediate = sign(
                INTERMEDIATE_NAME,
                ROOT_NAME,
                Keys.INTERMEDIATE.getPublic(),
                Keys.ROOT.getPrivate(),
                "SHA256withRSA",
                now.minus(DAY),
                now.plus(Duration.ofDays(1825)),
                ca(0));
    }

    /** A PKI whose certificates are valid around the current time. */
    public static TestPki create() {
        return create(Instant.now());
    }

    /** A PKI whose certificates are valid around {@code now} (validity windows are relative to it). */
    public static TestPki create(Instant now) {
        return new TestPki(Objects.requireNonNull(now, "now"));
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    /**
     * A leaf issued by the intermediate, valid now-1d..now+90d, CN = the first name, every name as a
     * SAN (IP literals as IP SANs, the rest as DNS names).
     */
    public Issued leaf(String... dnsOrIpSans) {
        if (dnsOrIpSans.length == 0) {
            throw new IllegalArgumentException("leaf needs at least one name");
        }
        return issue(
                dnsOrIpSans[0],
                List.of(dnsOrIpSans),
                Keys.LEAF_EC,
                "SHA256withRSA",
                now.minus(DAY),
                now.plus(Duration.ofDays(90)),
                true);
    }

    /**
     * A leaf for {@code host} under {@code certificates - 1} intermediates, each issued by the one
     * above it and the first by the root: a chain of {@code certificates} as the server sends it
     * (leaf first, no root). Far past what TLS clients accept when long (the JDK: 10 certificates,
     * 32 KiB per handshake message).
     */
    public Issued longChain(String host, int certificates) {
        if (certificates < 2) {
            throw new IllegalArgumentException("a long chain needs at least 2 certificates, was " + certificates);
        }
        List<X509Certificate> upward = new ArrayList<>();
        X500Principal issuer = ROOT_NAME;
        PrivateKey issuerKey = Keys.ROOT.getPrivate();
        for (int i = 1; i < certificates; i++) {
            X500Principal name = new X500Principal("CN=mailtls Test Intermediate " + i + ",O=mailtls tests");
            // One key for every intermediate: names tell them apart and signing stays cheap.
            upward.add(sign(
                    name,
                    issuer,
                    Keys.INTERMEDIATE.getPublic(),
                    issuerKey,
                    "SHA256withRSA",
                    now.minus(DAY),
                    now.plus(Duration.ofDays(365)),
                    ca(-1)));
            issuer = name;
            issuerKey = Keys.INTERMEDIATE.getPrivate();
        }
        X509Certificate leaf = sign(
                new X500Principal("CN=" + host),
                issuer,
                Keys.LEAF_EC.getPublic(),
                issuerKey,
                "SHA256withRSA",
                now.minus(DAY),
                now.plus(Duration.ofDays(90)),
                leafExtensions(List.of(host), Keys.LEAF_EC.getPublic(), Keys.INTERMEDIATE.getPublic()));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        for (int i = upward.size() - 1; i >= 0; i--) {
            chain.add(upward.get(i));
        }
        return new Issued(Keys.LEAF_EC.getPrivate(), chain);
    }

    /**
     * Like {@link #leaf}, but with an EC P-256 key made for this call: a renewal that changes the key,
     * where every other leaf of this class shares one.
     */
    public Issued leafWithNewKey(String... dnsOrIpSans) {
        if (dnsOrIpSans.length == 0) {
            throw new IllegalArgumentException("leaf needs at least one name");
        }
        return issue(
                dnsOrIpSans[0],
                List.of(dnsOrIpSans),
                Keys.ec(),
                "SHA256withRSA",
                now.minus(DAY),
                now.plus(Duration.ofDays(90)),
                true);
    }

    /** Valid now-90d..now-1d. */
    public Issued expired(String host) {
        return issue(
                host,
                List.of(host),
                Keys.LEAF_EC,
                "SHA256withRSA",
                now.minus(Duration.ofDays(90)),
                now.minus(DAY),
                true);
    }

    /** Valid now+1d..now+91d. */
    public Issued notYetValid(String host) {
        return issue(
                host, List.of(host), Keys.LEAF_EC, "SHA256withRSA", now.plus(DAY), now.plus(Duration.ofDays(91)), true);
    }

    /** Valid from now-1d until now+{@code left}. */
    public Issued expiringIn(Duration left, String host) {
        return issue(host, List.of(host), Keys.LEAF_EC, "SHA256withRSA", now.minus(DAY), now.plus(left), true);
    }

    /** A self-signed certificate for {@code host} (SAN and CN), not a CA; the chain is that one certificate. */
    public Issued selfSigned(String host) {
        X500Principal name = new X500Principal("CN=" + host);
        X509Certificate cert = sign(
                name,
                name,
                Keys.LEAF_EC.getPublic(),
                Keys.LEAF_EC.getPrivate(),
                "SHA256withECDSA",
                now.minus(DAY),
                now.plus(Duration.ofDays(90)),
                leafExtensions(List.of(host), Keys.LEAF_EC.getPublic(), Keys.LEAF_EC.getPublic()));
        return new Issued(Keys.LEAF_EC.getPrivate(), List.of(cert));
    }

    /**
     * A valid, chained leaf for {@link #OTHER_HOST} only (CN and SAN), whatever {@code host} is: the
     * argument states at the call site which host it is wrong for.
     */
    public Issued wrongHost(String host) {
        String other = OTHER_HOST.equalsIgnoreCase(host) ? "other.example.org" : OTHER_HOST;
        return leaf(other);
    }

    /** A valid leaf sent without its intermediate: the chain holds the leaf only. */
    public Issued missingIntermediate(String host) {
        Issued full = leaf(host);
        return new Issued(full.key(), List.of(full.leaf()));
    }

    /** A leaf with an RSA 2048 key, signed by the intermediate with SHA1withRSA. */
    public Issued sha1(String host) {
        return issue(
                host, List.of(host), LeafRsa.KEY, "SHA1withRSA", now.minus(DAY), now.plus(Duration.ofDays(90)), true);
    }

    /** A leaf signed by the intermediate with MD5withRSA, which the JDK's PKIX validation refuses. */
    public Issued md5(String host) {
        return issue(
                host, List.of(host), LeafRsa.KEY, "MD5withRSA", now.minus(DAY), now.plus(Duration.ofDays(90)), true);
    }

    /** A leaf with an RSA 2048 key, signed SHA256withRSA by the intermediate: for RSA suites. */
    public Issued rsa(String host) {
        return issue(
                host, List.of(host), LeafRsa.KEY, "SHA256withRSA", now.minus(DAY), now.plus(Duration.ofDays(90)), true);
    }

    /** A leaf with an RSA 1024 key, signed SHA256withRSA by the intermediate. */
    public Issued rsa1024(String host) {
        return issue(
                host,
                List.of(host),
                LeafRsa1024.KEY,
                "SHA256withRSA",
                now.minus(DAY),
                now.plus(Duration.ofDays(90)),
                true);
    }

    /** A leaf with no subjectAltName extension at all, only CN = host. */
    public Issued cnOnly(String host) {
        return issue(
                host,
                List.of(host),
                Keys.LEAF_EC,
                "SHA256withRSA",
                now.minus(DAY),
                now.plus(Duration.ofDays(90)),
                false);
    }

    /** A leaf whose CN and only SAN are {@code pattern}, e.g. {@code *.example.com}. */
    public Issued wildcard(String pattern) {
        return leaf(pattern);
    }

    /** A server-side context presenting {@code issued} through the JDK's default KeyManager. */
    public SSLContext serverContext(Issued issued) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    "server", issued.key(), STORE_PASSWORD, issued.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, STORE_PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, RANDOM);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(
                    "cannot build a server SSLContext for " + issued.leaf().getSubjectX500Principal(), e);
        }
    }

    /** A client-side context whose only trust anchor is this PKI's root (default PKIX trust manager). */
    public SSLContext clientContextTrustingRoot() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("root", root);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), RANDOM);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client SSLContext trusting " + ROOT_NAME, e);
        }
    }

    /** Writes the root certificate as PEM to {@code dir/test-root-ca.pem} and returns that path. */
    public Path writeRootPem(Path dir) {
        Path file = dir.resolve("test-root-ca.pem");
        write(file, pem("CERTIFICATE", encoded(root)));
        return file;
    }

    /**
     * Writes the chain (leaf first) and the PKCS#8 private key ({@code BEGIN PRIVATE KEY}) as PEM, in
     * the shape Postfix's {@code smtpd_tls_chain_files}/Dovecot's {@code ssl_cert}/{@code ssl_key} read.
     */
    public void writePem(Issued issued, Path certChainPem, Path keyPem) {
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : issued.chain()) {
            chain.append(pem("CERTIFICATE", encoded(c)));
        }
        write(certChainPem, chain.toString());
        write(keyPem, pem("PRIVATE KEY", issued.key().getEncoded()));
    }

    private Issued issue(
            String cn,
            List<String> sans,
            KeyPair subjectKey,
            String signatureAlgorithm,
            Instant notBefore,
            Instant notAfter,
            boolean withSans) {
        X509Certificate cert = sign(
                new X500Principal("CN=" + cn),
                INTERMEDIATE_NAME,
                subjectKey.getPublic(),
                Keys.INTERMEDIATE.getPrivate(),
                signatureAlgorithm,
                notBefore,
                notAfter,
                leafExtensions(withSans ? sans : List.of(), subjectKey.getPublic(), Keys.INTERMEDIATE.getPublic()));
        return new Issued(subjectKey.getPrivate(), List.of(cert, intermediate));
    }

    /** Adds extensions to a certificate under construction. */
    private interface Extensions {
        void addTo(X509v3CertificateBuilder builder, PublicKey subjectKey)
                throws CertIOException, GeneralSecurityException;
    }

    private Extensions ca(int pathLength) {
        return (b, subjectKey) -> {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(
                    Extension.basicConstraints,
                    true,
                    pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            if (pathLength >= 0) {
                b.addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        utils.createAuthorityKeyIdentifier(Keys.ROOT.getPublic()));
            }
        };
    }

    private static Extensions leafExtensions(List<String> sans, PublicKey subjectKey, PublicKey issuerKey) {
        return (b, key) -> {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = KeyUsage.digitalSignature
                    | ("RSA".equals(subjectKey.getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
            if (!sans.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String san : sans) {
                    names.add(
                            IPAddress.isValid(san)
                                    ? new GeneralName(GeneralName.iPAddress, san)
                                    : new GeneralName(GeneralName.dNSName, san));
                }
                b.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
        };
    }

    private static X509Certificate sign(
            X500Principal subject,
            X500Principal issuer,
            PublicKey subjectKey,
            PrivateKey issuerKey,
            String signatureAlgorithm,
            Instant notBefore,
            Instant notAfter,
            Extensions extensions) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(63, RANDOM).setBit(62),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    subjectKey);
            extensions.addTo(builder, subjectKey);
            var signer = new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue " + subject + " with " + signatureAlgorithm, e);
        }
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode " + cert.getSubjectX500Principal(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Keys made once per JVM, each on first use (holder idiom: RSA generation takes a while). */
    private static final class Keys {
        static final KeyPair ROOT = rsa(2048);
        static final KeyPair INTERMEDIATE = rsa(2048);
        static final KeyPair LEAF_EC = ec();

        private static KeyPair rsa(int bits) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(bits, RANDOM);
                return g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate an RSA " + bits + " key", e);
            }
        }

        private static KeyPair ec() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                return g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate an EC P-256 key", e);
            }
        }
    }

    private static final class LeafRsa {
        static final KeyPair KEY = Keys.rsa(2048);
    }

    private static final class LeafRsa1024 {
        static final KeyPair KEY = Keys.rsa(1024);
    }
}
