package dev.mailtls.testing;

import dev.mailtls.tls.CertificateInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Realistic {@link CertificateInfo} values for tests, dated against {@link ProbeResults#NOW}. */
public final class Certificates {
    private Certificates() {}

    /** A publicly issued leaf for {@code host}: ECDSA P-256, SHA256withRSA, 51 days left. */
    public static Builder leaf(String host) {
        return new Builder("CN=" + host, "CN=WR2,O=Google Trust Services,C=US")
                .sans(host)
                .daysLeft(51)
                .ec(256, "P-256");
    }

    /** The intermediate that issued {@link #leaf}: RSA 2048, valid for years. */
    public static Builder intermediate() {
        return new Builder("CN=WR2,O=Google Trust Services,C=US", "CN=GTS Root R1,O=Google Trust Services LLC,C=US")
                .daysLeft(800)
                .rsa(2048)
                .ca();
    }

    /** A self-signed root. */
    public static Builder root() {
        return new Builder(
                        "CN=GTS Root R1,O=Google Trust Services LLC,C=US",
                        "CN=GTS Root R1,O=Google Trust Services LLC,C=US")
                .daysLeft(4000)
                .rsa(4096)
                .signature("SHA384withRSA")
                .selfSigned()
                .ca();
    }

    /** A fluent, copy-free builder: each test builds its own. */
    public static final class Builder {
        private String subject;
        private String issuer;
        private String serial = "0A:1B:2C:3D";
        private Instant notBefore = ProbeResults.NOW.minus(Duration.ofDays(30));
        private Instant notAfter = ProbeResults.NOW.plus(Duration.ofDays(51));
        private long daysLeft = 51;
        private List<String> sanDns = List.of();
        private List<String> sanIp = List.of();
        private String keyType = "RSA";
        private int keyBits = 2048;
        private String curve;
        private String signatureAlgorithm = "SHA256withRSA";
        private String sha256 =
                "5F:3A:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:9C";
        private boolean selfSigned;
        private boolean ca;

        Builder(String subject, String issuer) {
            this.subject = subject;
            this.issuer = issuer;
        }

        public Builder subject(String dn) {
            this.subject = dn;
            return this;
        }

        public Builder issuer(String dn) {
            this.issuer = dn;
            return this;
        }

        /** Expires {@code days} whole days (and a few hours) after {@link ProbeResults#NOW}. */
        public Builder daysLeft(long days) {
            this.daysLeft = days;
            this.notAfter = ProbeResults.NOW.plus(Duration.ofDays(days)).plus(Duration.ofHours(5));
            return this;
        }

        public Builder expiredDaysAgo(long days) {
            this.daysLeft = -days;
            this.notAfter = ProbeResults.NOW.minus(Duration.ofDays(days)).minus(Duration.ofHours(5));
            this.notBefore = notAfter.minus(Duration.ofDays(90));
            return this;
        }

        public Builder notBefore(Instant at) {
            this.notBefore = at;
            return this;
        }

        public Builder sans(String... names) {
            this.sanDns = List.of(names);
            return this;
        }

        public Builder sanIps(String... ips) {
            this.sanIp = List.of(ips);
            return this;
        }

        public Builder rsa(int bits) {
            this.keyType = "RSA";
            this.keyBits = bits;
            this.curve = null;
            return this;
        }

        public Builder ec(int bits, String curveName) {
            this.keyType = "EC";
            this.keyBits = bits;
            this.curve = curveName;
            return this;
        }

        public Builder signature(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        public Builder selfSigned() {
            this.selfSigned = true;
            this.issuer = subject;
            return this;
        }

        public Builder ca() {
            this.ca = true;
            return this;
        }

        public Builder sha256(String fingerprint) {
            this.sha256 = fingerprint;
            return this;
        }

        public CertificateInfo build() {
            return new CertificateInfo(
                    subject,
                    issuer,
                    serial,
                    notBefore,
                    notAfter,
                    daysLeft,
                    sanDns,
                    sanIp,
                    keyType,
                    keyBits,
                    curve,
                    signatureAlgorithm,
                    sha256,
                    selfSigned,
                    ca);
        }
    }
}
