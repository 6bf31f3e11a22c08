package dev.mailtls.app;

import dev.mailtls.http.WebServer;
import java.util.ArrayList;
import java.util.List;

/** What the server says when it starts: what is enabled, and where. */
final class StartupReport {
    private StartupReport() {}

    /** The lines to log once the server listens on {@code port}. Never holds a token. */
    static List<String> lines(ServeConfig c, int port) {
        List<String> lines = new ArrayList<>();
        String url = c.httpAddr().url(port);
        lines.add("listening on " + url + (c.httpAddr().isWildcard() ? " (all interfaces)" : "") + "; health "
                + WebServer.HEALTH_PATH + ", readiness " + WebServer.READY_PATH + ", metrics "
                + WebServer.METRICS_PATH);
        lines.add(
                c.apiTokens().isEmpty()
                        ? "API " + url + "/api/v1 disabled: no API tokens configured (every API request gets 401)"
                        : "API " + url + "/api/v1 enabled with " + c.apiTokens().size() + " token"
                                + (c.apiTokens().size() == 1 ? "" : "s"));
        lines.add("web page " + url + "/: probes without a token " + (c.pageProbes() ? "on" : "off")
                + (c.pageProbes() ? " (throttled per client address)" : " (MAILTLS_PAGE_PROBES=false)")
                + (c.publicUrl() == null
                        ? "; no public URL (MAILTLS_PUBLIC_URL): chat cards have no Open in browser button"
                        : "; public URL " + c.publicUrl() + " (chat cards link to it)"));
        lines.add("address policy: special-purpose ranges (IANA) and this host's own addresses denied; allowed CIDRs "
                + (c.allowCidrs().isEmpty() ? "none" : c.allowCidrs()) + "; denied extra CIDRs "
                + (c.denyCidrs().isEmpty() ? "none" : c.denyCidrs()) + "; ports " + c.allowPorts());
        lines.add("cache TTL " + c.cacheTtl().toSeconds() + "s"
                + (c.cacheTtl().isZero() ? " (cache off)" : "") + "; CA file "
                + (c.caFile() == null ? "none (JDK trust store)" : c.caFile() + " (added to the JDK trust store)")
                + "; data directory " + c.dataDir());
        lines.add(c.limits().describe());
        lines.add("CORS " + (c.corsOrigins().isEmpty() ? "off" : "on for " + String.join(", ", c.corsOrigins())));
        return List.copyOf(lines);
    }

    /** How to turn the API on, printed when no token is configured. */
    static List<String> howToSetToken() {
        return List.of(
                "to enable the API, start with a token, e.g.:",
                "  MAILTLS_API_TOKENS=$(openssl rand -hex 24) ./mailtls serve",
                "or keep only its hash in the configuration: MAILTLS_API_TOKENS=sha256:<hex>, where",
                "  printf %s \"$TOKEN\" | ./mailtls token-hash   prints the sha256:<hex> form");
    }
}
