package dev.mailtls.tls;

/**
 * Whether the leaf certificate names the host the user typed (RFC 6125: SAN DNS names and
 * wildcards; the subject CN only as a noted fallback when there are no DNS SANs).
 */
public record HostnameVerdict(boolean matches, boolean viaCommonName, String reason) {}
