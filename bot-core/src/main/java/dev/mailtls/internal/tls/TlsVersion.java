package dev.mailtls.internal.tls;

import org.jspecify.annotations.Nullable;

/** The protocol versions an enumeration offers one at a time, with the names the JSON uses. */
public enum TlsVersion {
    SSL3(0x0300, "SSLv3"),
    TLS10(0x0301, "TLSv1"),
    TLS11(0x0302, "TLSv1.1"),
    TLS12(0x0303, "TLSv1.2"),
    TLS13(0x0304, "TLSv1.3");

    private final int code;
    private final String id;

    TlsVersion(int code, String id) {
        this.code = code;
        this.id = id;
    }

    /** The wire value, e.g. {@code 0x0303}. */
    public int code() {
        return code;
    }

    /** {@code SSLv3}, {@code TLSv1}, {@code TLSv1.1}, {@code TLSv1.2}, {@code TLSv1.3}: the JDK's names. */
    public String id() {
        return id;
    }

    /** The JDK's name of a Bouncy Castle version ({@code TLSv1.2}), or Bouncy Castle's own name. */
    public static String name(org.bouncycastle.tls.ProtocolVersion v) {
        TlsVersion known = of(v.getFullVersion());
        return known == null ? v.getName() : known.id();
    }

    /** The version with this name ({@code TLSv1.1}). */
    public static TlsVersion byId(String id) {
        for (TlsVersion v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a TLS version name: " + id);
    }

    /** The version with this wire value, or null. */
    public static @Nullable TlsVersion of(int code) {
        for (TlsVersion v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
