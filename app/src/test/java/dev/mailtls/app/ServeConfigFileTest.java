package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.net.Cidr;
import dev.mailtls.service.Rate;
import dev.mailtls.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML file named by MAILTLS_CONFIG: every key, lists, precedence, and errors with line numbers. */
class ServeConfigFileTest {
    static final String TOKEN_A = "alpha-token-0123456789";
    static final String TOKEN_B = "bravo-token-0123456789";

    @TempDir
    Path tmp;

    Path yaml(String text) throws IOException {
        return Files.writeString(tmp.resolve("mailtls.yaml"), text, StandardCharsets.UTF_8);
    }

    ServeConfig load(Path file, Map<String, String> vars) throws ConfigException {
        Map<String, String> env = new HashMap<>(vars);
        env.put("MAILTLS_CONFIG", file.toString());
        env.putIfAbsent("XDG_DATA_HOME", tmp.resolve("xdg").toString());
        return ServeConfigLoader.load(env, tmp);
    }

    String failure(String text) throws IOException {
        Path file = yaml(text);
        try {
            ServeConfig c = load(file, Map.of());
            throw new AssertionError("expected a configuration error, got " + c);
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Path ca = TestPki.create().writeRootPem(tmp);
        Path file = yaml("""
                http_addr: "[::1]:9191"
                api_tokens:
                  - %s
                  - %s
                allow_cidrs: [10.1.0.0/16, "192.168.7.0/24"]
                deny_cidrs: 203.0.113.0/24, 198.51.100.0/24
                allow_ports:
                  - 25
                  - 587
                cache_ttl: 10m
                ca_file: %s
                data_dir: %s
                page_probes: false
                public_url: https://ops.example.com/mailtls/
                cors_origins:
                  - https://ops.example.com
                """.formatted(TOKEN_A, TOKEN_B, ca, tmp.resolve("data")));

        ServeConfig c = load(file, Map.of());

        assertThat(c.httpAddr()).isEqualTo(new HttpAddress("::1", 9191));
        assertThat(c.apiTokens().size()).isEqualTo(2);
        assertThat(c.apiTokens().authenticate("Bearer " + TOKEN_A)).isPresent();
        assertThat(c.allowCidrs()).containsExactly(Cidr.parse("10.1.0.0/16"), Cidr.parse("192.168.7.0/24"));
        assertThat(c.denyCidrs()).containsExactly(Cidr.parse("203.0.113.0/24"), Cidr.parse("198.51.100.0/24"));
        assertThat(c.allowPorts()).containsExactly(25, 587);
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.caFile()).isEqualTo(ca);
        assertThat(c.dataDir()).isEqualTo(tmp.resolve("data"));
        assertThat(c.pageProbes()).isFalse();
        assertThat(c.publicUrl()).isEqualTo("https://ops.example.com/mailtls");
        assertThat(c.corsOrigins()).containsExactly("https://ops.example.com");
    }

    @Test
    void serviceLimitsAreReadFromTheFileAndAVariableWins() throws Exception {
        Path file = yaml("""
                max_concurrent: 500
                max_queued: 2000
                rate_per_requester: 100/1m
                rate_fresh: 10/1m
                rate_per_host: 120/1m
                """);

        assertThat(load(file, Map.of()).limits())
                .isEqualTo(
                        new LimitsConfig(500, 2000, Rate.parse("100/1m"), Rate.parse("10/1m"), Rate.parse("120/1m")));
        assertThat(load(file, Map.of("MAILTLS_RATE_PER_HOST", "60/1m")).limits().perHost())
                .isEqualTo(Rate.parse("60/1m"));
    }

    @Test
    void aBadRateInTheFileNamesItsLineKeyAndValue() throws IOException {
        assertThat(failure("cache_ttl: 5m\nrate_fresh: 3/week\n"))
                .isEqualTo(tmp.resolve("mailtls.yaml") + " line 2, rate_fresh: not a rate: '3/week' (N/window with N"
                        + " from 1 to 1000000 and a window from 1s to 24h, e.g. 20/1m, 3/30s or 100/1h)");
    }

    @Test
    void tokensMayBeACommaSeparatedString() throws Exception {
        ServeConfig c = load(yaml("api_tokens: " + TOKEN_A + "," + TOKEN_B + "\n"), Map.of());

        assertThat(c.apiTokens().size()).isEqualTo(2);
    }

    @Test
    void environmentWinsOverTheFile() throws Exception {
        Path file = yaml("""
                http_addr: 127.0.0.1:9000
                cache_ttl: 10m
                allow_ports: [25]
                page_probes: false
                """);

        ServeConfig c = load(file, Map.of("MAILTLS_CACHE_TTL", "1h", "MAILTLS_ALLOW_PORTS", "465,993"));

        assertThat(c.cacheTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.allowPorts()).containsExactly(465, 993);
        assertThat(c.httpAddr().port()).isEqualTo(9000);
        assertThat(c.pageProbes()).isFalse();
    }

    @Test
    void emptyFileAndNullValuesTakeTheDefaults() throws Exception {
        assertThat(load(yaml(""), Map.of()).httpAddr()).isEqualTo(HttpAddress.DEFAULT);
        assertThat(load(yaml("# nothing yet\ncache_ttl:\n"), Map.of()).cacheTtl())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void badValueNamesTheFileLineKeyAndValue() throws IOException {
        String message = failure("""
                http_addr: 127.0.0.1:8080

                cache_ttl: 5 minutes
                """);

        assertThat(message)
                .isEqualTo(tmp.resolve("mailtls.yaml") + " line 3, cache_ttl: bad duration '5 minutes': use e.g. 300,"
                        + " 300s, 5m, 1h or PT5M");
    }

    @Test
    void badListItemNamesItsOwnLine() throws IOException {
        String message = failure("""
                allow_cidrs:
                  - 10.0.0.0/8
                  - 10.0.0/8
                """);

        assertThat(message)
                .startsWith(tmp.resolve("mailtls.yaml") + " line 3, allow_cidrs: ")
                .contains("'10.0.0/8'");
    }

    @Test
    void badTokenNamesItsLineNeverItsValue() throws IOException {
        String message = failure("""
                api_tokens:
                  - %s
                  - too-short
                """.formatted(TOKEN_A));

        assertThat(message)
                .startsWith(tmp.resolve("mailtls.yaml") + " line 3, api_tokens: token #2 must be at least 16")
                .doesNotContain("too-short")
                .doesNotContain(TOKEN_A);
    }

    @Test
    void unknownKeyIsAnErrorWithItsLine() throws IOException {
        String message = failure("""
                http_addr: 127.0.0.1:8080
                cache_tll: 5m
                """);

        assertThat(message)
                .startsWith(tmp.resolve("mailtls.yaml") + " line 2: unknown key 'cache_tll'")
                .contains("cache_ttl");
    }

    @Test
    void repeatedKeyIsAnError() throws IOException {
        assertThat(failure("cache_ttl: 5m\ncache_ttl: 10m\n"))
                .isEqualTo(tmp.resolve("mailtls.yaml") + " line 2: 'cache_ttl' appears twice (first on line 1)");
    }

    @Test
    void invalidYamlNamesTheLine() throws IOException {
        assertThat(failure("http_addr: 127.0.0.1:8080\nallow_ports: [25, 587\ncache_ttl: 5m\n"))
                .startsWith(tmp.resolve("mailtls.yaml") + " line ")
                .contains("not valid YAML")
                .doesNotContain("\n");
    }

    @Test
    void aStructureWhereAValueBelongsIsAnError() throws IOException {
        assertThat(failure("cache_ttl:\n  minutes: 5\n"))
                .isEqualTo(tmp.resolve("mailtls.yaml") + " line 1, cache_ttl: expected a single value");
    }

    @Test
    void topLevelListIsAnError() throws IOException {
        assertThat(failure("- http_addr\n")).contains("line 1").contains("expected a mapping");
    }

    @Test
    void missingFileNamesTheVariable() {
        Path missing = tmp.resolve("missing.yaml");
        try {
            load(missing, Map.of());
            throw new AssertionError("expected an error");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo("MAILTLS_CONFIG: " + missing + " is not a readable file");
        }
    }
}
