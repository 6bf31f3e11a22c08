package dev.mailtls.app;

/**
 * The settings of {@code mailtls serve}: each has an environment variable and the same name, lower
 * case without the prefix, as a key of the YAML file. The names are a contract with users.
 */
enum ServeSetting {
    HTTP_ADDR("127.0.0.1:8080"),
    API_TOKENS("none (the API answers 401)"),
    ALLOW_CIDRS("none"),
    DENY_CIDRS("none"),
    ALLOW_PORTS("25,465,587,2525,110,995,143,993"),
    CACHE_TTL("5m"),
    CA_FILE("none"),
    DATA_DIR("$XDG_DATA_HOME/mailtls or ~/.local/share/mailtls"),
    PAGE_PROBES("true"),
    PUBLIC_URL("none (chat cards have no Open in browser button)"),
    CORS_ORIGINS("none (CORS off)"),
    DB_URL("none: embedded H2 under the data directory"),
    DB_USER("none"),
    DB_PASSWORD("none"),
    HISTORY_DAYS("90"),
    DNS_SERVER("none: the system's resolver"),
    DNSSEC_ANCHORS("none: IANA's root trust anchors, shipped with mailtls"),
    MAX_CONCURRENT("16"),
    MAX_QUEUED("64"),
    RATE_PER_REQUESTER("20/1m"),
    RATE_FRESH("3/1m"),
    RATE_PER_HOST("24/1m");

    /** The variable naming the YAML file; it has no key in the file itself. */
    static final String CONFIG_ENV = "MAILTLS_CONFIG";

    private final String defaultText;

    ServeSetting(String defaultText) {
        this.defaultText = defaultText;
    }

    /** {@code MAILTLS_HTTP_ADDR}. */
    String env() {
        return "MAILTLS_" + name();
    }

    /** {@code http_addr}. */
    String yamlKey() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The default, as the README says it. */
    String defaultText() {
        return defaultText;
    }

    /** The lines {@code mailtls serve --help} ends with: every variable, its YAML key and default. */
    static String[] helpFooter() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("");
        lines.add("Environment (YAML key; a set variable wins over the file): default");
        for (ServeSetting s : values()) {
            lines.add("  " + s.env() + " (" + s.yamlKey() + "): " + s.defaultText());
        }
        lines.add("  " + CONFIG_ENV + ": the YAML file, none by default");
        return lines.toArray(String[]::new);
    }
}
