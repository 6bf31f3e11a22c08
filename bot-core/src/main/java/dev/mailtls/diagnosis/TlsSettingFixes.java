package dev.mailtls.diagnosis;

/**
 * The settings that change what a mail server's TLS accepts, in Postfix, Dovecot and Exim as
 * Debian ships them (Postfix 3.7+, Dovecot 2.3/2.4, Exim 4.9x built with GnuTLS). One sentence per
 * concern, so a deep grade's fix says exactly what to set.
 */
final class TlsSettingFixes {
    private TlsSettingFixes() {}

    /** Drops anonymous, NULL, EXPORT, DES, 3DES and RC4 suites on a port where clients log in. */
    static final String CLIENT_CIPHERS = "Postfix: smtpd_tls_mandatory_ciphers = high and smtpd_tls_exclude_ciphers"
            + " = aNULL, eNULL, EXPORT, DES, 3DES, RC4, MD5 (main.cf, or -o in master.cf for this port only);"
            + " Dovecot: remove ssl_cipher_list to get its default, or ssl_cipher_list ="
            + " HIGH:!aNULL:!eNULL:!kRSA:!3DES:!RC4:!MD5; Exim: tls_require_ciphers = NORMAL:-3DES-CBC:-ARCFOUR-128"
            + " (GnuTLS, Debian's build) or HIGH:!aNULL:!eNULL:!3DES:!RC4 (OpenSSL).";

    /** The same for port 25, where anonymous suites may stay (RFC 7435). */
    static final String RELAY_CIPHERS = "Postfix: smtpd_tls_exclude_ciphers = eNULL, EXPORT, DES, 3DES, RC4, MD5"
            + " (anonymous suites may stay on port 25); Exim: tls_require_ciphers = NORMAL:-3DES-CBC:-ARCFOUR-128"
            + " (GnuTLS) or HIGH:!eNULL:!3DES:!RC4 (OpenSSL).";

    /** Drops the suites without forward secrecy (static RSA key exchange). */
    static final String FORWARD_SECRECY = "Postfix: add kRSA to smtpd_tls_exclude_ciphers (and set"
            + " tls_preempt_cipherlist = yes so ECDHE comes first); Dovecot: remove ssl_cipher_list (its default"
            + " leaves out kRSA); Exim: tls_require_ciphers = NORMAL:-RSA"
            + " (GnuTLS) or ECDHE:DHE:!aNULL:!eNULL (OpenSSL).";

    /** Turns off TLS 1.0 and 1.1, when that is where the weak suites live. */
    static final String PROTOCOLS = "Postfix: smtpd_tls_protocols = >=TLSv1.2 and smtpd_tls_mandatory_protocols ="
            + " >=TLSv1.2; Dovecot: ssl_min_protocol = TLSv1.2; Exim: tls_require_ciphers ="
            + " NORMAL:-VERS-TLS1.0:-VERS-TLS1.1 (GnuTLS) or openssl_options = +no_tlsv1 +no_tlsv1_1 (OpenSSL).";

    /**
     * Turns TLS 1.2 and 1.3 on for a server that has only older versions: the setting of the server
     * software the greeting names, or of each common one when it names none.
     */
    static String enableModern(String greeting) {
        String g = greeting.toLowerCase(java.util.Locale.ROOT);
        String postfix = "Postfix: smtpd_tls_protocols = >=TLSv1.2 and smtpd_tls_mandatory_protocols = >=TLSv1.2 in"
                + " main.cf, and no -o override of them in master.cf (postconf -n; postconf -P); a Postfix built"
                + " with OpenSSL older than 1.0.1 cannot speak TLS 1.2: upgrade it.";
        String dovecot = "Dovecot: ssl_min_protocol = TLSv1.2 and no ssl_protocols line (doveconf -n | grep ssl);"
                + " Dovecot 2.2 and older, or one built with OpenSSL older than 1.0.1, must be upgraded.";
        String exim = "Exim: drop +no_tlsv1_2 from openssl_options (OpenSSL) or -VERS-TLS1.2 from tls_require_ciphers"
                + " (GnuTLS); an Exim built with OpenSSL older than 1.0.1 must be upgraded.";
        String windows = "Exchange / Windows: enable TLS 1.2 for Schannel (registry key SCHANNEL\\Protocols\\TLS 1.2"
                + "\\Server, Enabled = 1, DisabledByDefault = 0) and .NET strong crypto, then restart; Windows Server"
                + " 2008 R2 and older need updates first.";
        if (g.contains("postfix")) {
            return postfix;
        }
        if (g.contains("dovecot")) {
            return dovecot;
        }
        if (g.contains("exim")) {
            return exim;
        }
        if (g.contains("microsoft") || g.contains("exchange")) {
            return windows;
        }
        return "Enable TLS 1.2 and TLS 1.3 on the server (the greeting does not name its software). " + postfix + " "
                + dovecot + " " + exim + " " + windows;
    }

    /** Gives DHE suites a 2048-bit group. */
    static final String DH = "Postfix: remove smtpd_tls_dh1024_param_file (the built-in group has 2048 bits) or"
            + " point it at a 2048-bit file (openssl dhparam -out /etc/postfix/dh2048.pem 2048); Dovecot: ssl_dh ="
            + " </etc/dovecot/dh.pem with a 2048-bit file (Dovecot 2.4: ssl_server_dh_file); Exim: tls_dhparam ="
            + " ffdhe2048 (or a 2048-bit file).";
}
