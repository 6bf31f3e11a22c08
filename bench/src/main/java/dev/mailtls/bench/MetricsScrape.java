package dev.mailtls.bench;

/**
 * The service counters read from a {@code /metrics} scrape (Prometheus text format). A counter
 * with labels is summed over its series.
 */
record MetricsScrape(double probes, double cacheHits, double shared, double throttled) {

    /** What the service was asked in all: every request ends as exactly one of these. */
    double asked() {
        return probes + cacheHits + shared + throttled;
    }

    static MetricsScrape parse(String text) {
        return new MetricsScrape(
                sum(text, "mailtls_probes_total"),
                sum(text, "mailtls_cache_hits_total"),
                sum(text, "mailtls_shared_probes_total"),
                sum(text, "mailtls_throttled_total"));
    }

    private static double sum(String text, String name) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")
                    || !line.startsWith(name)
                    || !(line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')) {
                continue;
            }
            String value = line.substring(line.lastIndexOf(' ') + 1).strip();
            total += Double.parseDouble(value);
        }
        return total;
    }
}
