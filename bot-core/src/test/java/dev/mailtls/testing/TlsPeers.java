package dev.mailtls.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The peers a deep probe is held against on the same server: nmap's ssl-enum-ciphers for SSLv3 to
 * TLS 1.2, and {@code openssl s_client -ciphersuites} one suite at a time for TLS 1.3.
 */
public final class TlsPeers {
    private static final Path NMAP = Path.of("/usr/bin/nmap");
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final Pattern VERSION = Pattern.compile("^\\|\\s{3}(SSLv3|TLSv1\\.[0-3]):\\s*$");
    private static final Pattern SUITE = Pattern.compile("^\\|\\s{7}(TLS_[A-Za-z0-9_]+)\\b.*$");

    /** The TLS 1.3 suites OpenSSL can offer. */
    public static final List<String> TLS13_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_CCM_SHA256",
            "TLS_AES_128_CCM_8_SHA256");

    private TlsPeers() {}

    public static boolean nmapAvailable() {
        return Files.isExecutable(NMAP);
    }

    /**
     * Skips the calling test without nmap, or fails it when {@code -Dmailtls.requireInterop=true} (as
     * in CI, where a skip would hide that the comparison never ran).
     */
    public static void assumeNmap() {
        if (!nmapAvailable() && Boolean.getBoolean(RealMailServers.REQUIRE_PROPERTY)) {
            org.junit.jupiter.api.Assertions.fail("-D" + RealMailServers.REQUIRE_PROPERTY
                    + "=true, but nmap is not installed: .ci/run installs it (apt-get install nmap)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(nmapAvailable(), "nmap is not installed");
    }

    /**
     * What nmap's ssl-enum-ciphers lists, by version in mailtls's names ({@code TLSv1} for nmap's
     * {@code TLSv1.0}); TLS 1.3 names are turned from nmap's {@code TLS_AKE_WITH_…} into IANA's.
     *
     * @param service what nmap is told the port is ({@code smtps}, {@code imaps}, {@code pop3s} for
     *     implicit TLS; {@code smtp}, {@code imap}, {@code pop3} for STARTTLS), through a services
     *     file of its own: service detection cannot tell a server that closes its probes
     */
    public static Map<String, Set<String>> nmap(String host, int port, String service) {
        try {
            Path data = Files.createTempDirectory("mailtls-nmap-");
            try {
                Files.writeString(data.resolve("nmap-services"), service + "\t" + port + "/tcp\t0.500000\n");
                String out = ExternalCommand.run(
                                Duration.ofMinutes(3),
                                NMAP.toString(),
                                "-Pn",
                                "-n",
                                "--datadir",
                                data.toString(),
                                "-p",
                                Integer.toString(port),
                                "--script",
                                "ssl-enum-ciphers",
                                host)
                        .requireSuccess()
                        .output();
                return parseNmap(out);
            } finally {
                Files.deleteIfExists(data.resolve("nmap-services"));
                Files.deleteIfExists(data);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, Set<String>> parseNmap(String out) {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        String version = null;
        for (String line : out.lines().toList()) {
            Matcher v = VERSION.matcher(line);
            if (v.matches()) {
                version = v.group(1).equals("TLSv1.0") ? "TLSv1" : v.group(1);
                found.put(version, new TreeSet<>());
                continue;
            }
            Matcher s = SUITE.matcher(line);
            if (version != null && s.matches()) {
                found.get(version).add(s.group(1).replace("TLS_AKE_WITH_", "TLS_"));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("nmap listed no TLS version:\n" + out);
        }
        return found;
    }

    /**
     * The TLS 1.3 suites a server accepts, asked with {@code openssl s_client -tls1_3 -ciphersuites}
     * one at a time.
     *
     * @param starttls {@code smtp}, {@code imap}, {@code pop3}, or null for implicit TLS
     */
    public static Set<String> opensslTls13(String host, int port, @Nullable String starttls, String sni) {
        Set<String> accepted = new TreeSet<>();
        for (String suite : TLS13_SUITES) {
            List<String> command = new ArrayList<>(List.of(
                    OPENSSL.toString(),
                    "s_client",
                    "-connect",
                    host + ":" + port,
                    "-servername",
                    sni,
                    "-tls1_3",
                    "-ciphersuites",
                    suite,
                    "-brief"));
            if (starttls != null) {
                command.addAll(List.of("-starttls", starttls));
            }
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
            try {
                Process p = b.start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                p.waitFor();
                if (out.contains("Ciphersuite: " + suite)) {
                    accepted.add(suite);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return accepted;
    }
}
