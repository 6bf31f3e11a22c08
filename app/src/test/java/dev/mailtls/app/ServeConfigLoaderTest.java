package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.discord.DiscordModule;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.service.Rate;
import dev.mailtls.slack.SlackModule;
import dev.mailtls.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The serve configuration from environment variables: names, defaults, and bad values. */
class ServeConfigLoaderTest {
    static final String TOKEN_A = "alpha-token-0123456789";
    static final String TOKEN_B = "bravo-token-0123456789";

    @TempDir
    Path tmp;

    ServeConfig load(Map<String, String> vars) throws ConfigException {
        Map<String, String> env = new HashMap<>(vars);
        env.putIfAbsent("XDG_DATA_HOME", tmp.resolve("xdg").toString());
        return ServeConfigLoader.load(env, tmp.resolve("home"));
    }

    ConfigException failure(Map<String, String> vars) {
        try {
            ServeConfig c = load(vars);
            throw new AssertionError("expected a configuration error, got " + c);
        } catch (ConfigException e) {
            return e;
        }
    }

    @Test
    void domainChecksAskTheSystemResolverUnlessADnsServerAndAnchorsAreGiven() throws Exception {
        assertThat(load(Map.of()).dns()).isEqualTo(DnsConfig.DEFAULT);
        Path anchors = java.nio.file.Files.writeString(
                tmp.resolve("anchors.zone"),
                ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n");
        ServeConfig c =
                load(Map.of("MAILTLS_DNS_SERVER", "127.0.0.1:5353", "MAILTLS_DNSSEC_ANCHORS", anchors.toString()));
        assertThat(c.dns().server()).isEqualTo("127.0.0.1:5353");
        assertThat(c.dns().anchors()).isEqualTo(anchors);
        assertThat(c.dns().domainDns().toString()).contains("127.0.0.1:5353");
        // An anchor file that is not DS or DNSKEY records names the variable, the file and the line.
        Path bad = java.nio.file.Files.writeString(tmp.resolve("bad.zone"), "example. IN A 192.0.2.1\n");
        assertThat(failure(Map.of("MAILTLS_DNSSEC_ANCHORS", bad.toString())).getMessage())
                .startsWith("MAILTLS_DNSSEC_ANCHORS: ")
                .contains("bad.zone")
                .doesNotContain("\n");
    }

    @Test
    void slackIsOffUnlessItsVariablesAreSet() throws Exception {
        assertThat(load(Map.of()).settings(new SlackModule()).configured()).isFalse();
        ServeConfig socket = load(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xapp-1"));
        assertThat(socket.settings(new SlackModule()).socketModeConfigured()).isTrue();
        assertThat(socket.settings(new SlackModule()).httpModeConfigured()).isFalse();
        ServeConfig both = load(Map.of(
                "SLACK_BOT_TOKEN",
                "xoxb-1",
                "SLACK_APP_TOKEN",
                "xapp-1",
                "SLACK_SIGNING_SECRET",
                "s3cret",
                "SLACK_RESPOND_IN_CHANNEL",
                "false"));
        assertThat(both.settings(new SlackModule()).httpModeConfigured()).isTrue();
        assertThat(both.settings(new SlackModule()).respondInChannel()).isFalse();
        assertThat(both.toString())
                .doesNotContain("xoxb-1")
                .doesNotContain("s3cret")
                .doesNotContain("xapp-1");
    }

    @Test
    void aHalfConfiguredSlackIsAnErrorNamingWhatIsMissing() {
        assertThat(failure(Map.of("SLACK_BOT_TOKEN", "xoxb-secret-1")).getMessage())
                .contains("SLACK_APP_TOKEN")
                .contains("SLACK_SIGNING_SECRET")
                .doesNotContain("xoxb-secret-1");
        assertThat(failure(Map.of("SLACK_SIGNING_SECRET", "s3cret")).getMessage())
                .contains("SLACK_BOT_TOKEN")
                .doesNotContain("s3cret");
        assertThat(failure(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xoxb-wrong-kind"))
                        .getMessage())
                .contains("SLACK_APP_TOKEN")
                .doesNotContain("xoxb-wrong-kind");
    }

    @Test
    void discordModesFollowItsVariables() throws Exception {
        String key = "ab".repeat(32);
        assertThat(load(Map.of()).settings(new DiscordModule()).gatewayConfigured())
                .isFalse();
        ServeConfig both = load(Map.of(
                "DISCORD_TOKEN",
                "bot-token-secret",
                "DISCORD_PUBLIC_KEY",
                key,
                "DISCORD_APPLICATION_ID",
                "1100",
                "DISCORD_GUILD_ID",
                "7"));
        assertThat(both.settings(new DiscordModule()).gatewayConfigured()).isTrue();
        assertThat(both.settings(new DiscordModule()).interactionsConfigured()).isTrue();
        assertThat(both.toString()).doesNotContain("bot-token-secret");
    }

    @Test
    void aHalfConfiguredDiscordIsAnErrorNamingWhatIsMissing() {
        assertThat(failure(Map.of("DISCORD_PUBLIC_KEY", "ab".repeat(32))).getMessage())
                .contains("DISCORD_APPLICATION_ID");
        assertThat(failure(Map.of("DISCORD_APPLICATION_ID", "1100")).getMessage())
                .contains("DISCORD_TOKEN")
                .contains("DISCORD_PUBLIC_KEY");
        assertThat(failure(Map.of("DISCORD_GUILD_ID", "7")).getMessage()).contains("DISCORD_TOKEN");
        assertThat(failure(Map.of("DISCORD_PUBLIC_KEY", "xyz", "DISCORD_APPLICATION_ID", "1"))
                        .getMessage())
                .contains("DISCORD_PUBLIC_KEY");
    }

    @Test
    void noConfigurationGivesEveryDefault() throws Exception {
        ServeConfig c = load(Map.of());

        assertThat(c.httpAddr()).isEqualTo(new HttpAddress("127.0.0.1", 8080));
        assertThat(c.apiTokens().isEmpty()).isTrue();
        assertThat(c.allowCidrs()).isEmpty();
        assertThat(c.denyCidrs()).isEmpty();
        assertThat(c.allowPorts()).containsExactly(25, 110, 143, 465, 587, 993, 995, 2525);
        assertThat(c.allowPorts()).containsExactlyInAnyOrderElementsOf(AddressPolicy.MAIL_PORTS);
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.caFile()).isNull();
        assertThat(c.dataDir()).isEqualTo(tmp.resolve("xdg/mailtls"));
        assertThat(c.pageProbes()).isTrue();
        assertThat(c.publicUrl()).isNull();
        assertThat(c.corsOrigins()).isEmpty();
        assertThat(c.limits()).isEqualTo(LimitsConfig.DEFAULT);
        assertThat(c.limits().serviceLimits(c.cacheTtl()))
                .isEqualTo(new dev.mailtls.service.ServiceLimits(
                        Duration.ofMinutes(5),
                        16,
                        64,
                        Rate.parse("20/1m"),
                        Rate.parse("3/1m"),
                        Rate.parse("24/1m"),
                        Rate.parse("96/1m")))
                .isEqualTo(dev.mailtls.service.ServiceLimits.defaults());
    }

    @Test
    void serviceLimitsAreReadAndTheNetworkRateFollowsThePerHostOne() throws Exception {
        ServeConfig c = load(Map.of(
                "MAILTLS_MAX_CONCURRENT", "1000",
                "MAILTLS_MAX_QUEUED", "0",
                "MAILTLS_RATE_PER_REQUESTER", "600/1h",
                "MAILTLS_RATE_FRESH", "3/30s",
                "MAILTLS_RATE_PER_HOST", " 5000/1M "));

        assertThat(c.limits())
                .isEqualTo(new LimitsConfig(
                        1000,
                        0,
                        new Rate(600, Duration.ofHours(1)),
                        new Rate(3, Duration.ofSeconds(30)),
                        new Rate(5000, Duration.ofMinutes(1))));
        dev.mailtls.service.ServiceLimits s = c.limits().serviceLimits(Duration.ZERO);
        assertThat(s.maxConcurrent()).isEqualTo(1000);
        assertThat(s.maxQueued()).isZero();
        assertThat(s.perTargetAddress()).isEqualTo(new Rate(5000, Duration.ofMinutes(1)));
        assertThat(s.perTargetNetwork()).isEqualTo(new Rate(20_000, Duration.ofMinutes(1)));
        // The deep-probe limits are not an operator's setting: they keep their defaults.
        assertThat(s.perTargetAddressDeep()).isEqualTo(dev.mailtls.service.ServiceLimits.DEEP_PER_ADDRESS);
        assertThat(c.limits().describe())
                .isEqualTo("limits: 1000 probes at once, 0 waiting; per requester 600/1h (3/30s fresh);"
                        + " connections per server address 5000/1m, per /24 or /64 20000/1m");
    }

    @Test
    void aBadRateNamesTheVariableTheValueAndTheForm() {
        assertThat(failure(Map.of("MAILTLS_RATE_PER_HOST", "0/1m")).getMessage())
                .isEqualTo("MAILTLS_RATE_PER_HOST: rate '0/1m' is out of range (N/window with N from 1 to 1000000"
                        + " and a window from 1s to 24h, e.g. 20/1m, 3/30s or 100/1h)");
        assertThat(failure(Map.of("MAILTLS_MAX_CONCURRENT", "0")).getMessage())
                .isEqualTo("MAILTLS_MAX_CONCURRENT: expected a whole number from 1 to 10000, was '0'");
    }

    @Test
    void dataDirIsCreatedUnderXdgDataHome() throws Exception {
        ServeConfig c = load(Map.of());

        assertThat(c.dataDir()).isDirectory();
    }

    @Test
    void dataDirFallsBackToHomeLocalShareWithoutXdgDataHome() throws Exception {
        ServeConfig c = ServeConfigLoader.load(Map.of("HOME", tmp.toString()), tmp.resolve("unused"));

        assertThat(c.dataDir()).isEqualTo(tmp.resolve(".local/share/mailtls")).isDirectory();
    }

    @Test
    void everyVariableIsRead() throws Exception {
        Path ca = TestPki.create().writeRootPem(tmp);
        Map<String, String> env = Map.of(
                "MAILTLS_HTTP_ADDR", "0.0.0.0:9090",
                "MAILTLS_API_TOKENS", TOKEN_A + ", " + TOKEN_B,
                "MAILTLS_ALLOW_CIDRS", "10.1.0.0/16, fd00:1::/32",
                "MAILTLS_DENY_CIDRS", "203.0.113.0/24",
                "MAILTLS_ALLOW_PORTS", "25,587",
                "MAILTLS_CACHE_TTL", "90s",
                "MAILTLS_CA_FILE", ca.toString(),
                "MAILTLS_DATA_DIR", tmp.resolve("data").toString(),
                "MAILTLS_PAGE_PROBES", "false",
                "MAILTLS_CORS_ORIGINS", "https://ops.example.com, http://localhost:3000");

        ServeConfig c = load(env);

        assertThat(c.httpAddr()).isEqualTo(new HttpAddress("0.0.0.0", 9090));
        assertThat(c.apiTokens().size()).isEqualTo(2);
        assertThat(c.apiTokens().authenticate("Bearer " + TOKEN_B)).isPresent();
        assertThat(c.allowCidrs()).containsExactly(Cidr.parse("10.1.0.0/16"), Cidr.parse("fd00:1::/32"));
        assertThat(c.denyCidrs()).containsExactly(Cidr.parse("203.0.113.0/24"));
        assertThat(c.allowPorts()).containsExactly(25, 587);
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.caFile()).isEqualTo(ca);
        assertThat(c.dataDir()).isEqualTo(tmp.resolve("data")).isDirectory();
        assertThat(c.pageProbes()).isFalse();
        assertThat(c.corsOrigins()).containsExactly("https://ops.example.com", "http://localhost:3000");
    }

    @Test
    void publicUrlIsReadWithoutItsTrailingSlashes() throws Exception {
        assertThat(load(Map.of("MAILTLS_PUBLIC_URL", "https://mailtls.example.com/"))
                        .publicUrl())
                .isEqualTo("https://mailtls.example.com");
        assertThat(load(Map.of("MAILTLS_PUBLIC_URL", " http://ops.example.com:8443/tools/mailtls// "))
                        .publicUrl())
                .isEqualTo("http://ops.example.com:8443/tools/mailtls");
    }

    @Test
    void tokensMayBeGivenAsSha256Hashes() throws Exception {
        // printf '%s' alpha-token-0123456789 | sha256sum
        ServeConfig c = load(Map.of(
                "MAILTLS_API_TOKENS", "sha256:53ab761424453342954583b5604363ca9b4e766786ff7feae945303d907e5e5b"));

        assertThat(c.apiTokens().authenticate("Bearer " + TOKEN_A)).isPresent();
        assertThat(c.apiTokens().authenticate("Bearer " + TOKEN_B)).isEmpty();
    }

    @Test
    void blankVariablesCountAsUnset() throws Exception {
        ServeConfig c = load(Map.of("MAILTLS_HTTP_ADDR", " ", "MAILTLS_ALLOW_PORTS", "", "MAILTLS_CACHE_TTL", ""));

        assertThat(c.httpAddr()).isEqualTo(HttpAddress.DEFAULT);
        assertThat(c.allowPorts()).hasSize(8);
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:8080, 127.0.0.1, 8080",
        "localhost:80, localhost, 80",
        "mail-tls.internal:8443, mail-tls.internal, 8443",
        ":8080, 0.0.0.0, 8080",
        "[::1]:8080, ::1, 8080",
        "[::]:9000, ::, 9000",
        "127.0.0.1:0, 127.0.0.1, 0",
    })
    void httpAddrAcceptsHostPortBracketedIpv6AndBarePort(String text, String host, int port) throws Exception {
        assertThat(load(Map.of("MAILTLS_HTTP_ADDR", text)).httpAddr()).isEqualTo(new HttpAddress(host, port));
    }

    @ParameterizedTest
    @CsvSource({"300, 300", "300s, 300", "5m, 300", "1h, 3600", "PT5M, 300", "pt90s, 90", "0, 0"})
    void cacheTtlAcceptsSecondsSuffixesAndIso8601(String text, long seconds) throws Exception {
        assertThat(load(Map.of("MAILTLS_CACHE_TTL", text)).cacheTtl()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MAILTLS_HTTP_ADDR | 8080",
                "MAILTLS_HTTP_ADDR | 127.0.0.1:99999",
                "MAILTLS_HTTP_ADDR | ::1:8080",
                "MAILTLS_HTTP_ADDR | [not-v6]:8080",
                "MAILTLS_HTTP_ADDR | bad_host!:8080",
                "MAILTLS_ALLOW_CIDRS | 10.0.0/8",
                "MAILTLS_DENY_CIDRS | 192.0.2.0/33",
                "MAILTLS_DENY_CIDRS | example.com/24",
                "MAILTLS_ALLOW_PORTS | smtp",
                "MAILTLS_ALLOW_PORTS | 0",
                "MAILTLS_ALLOW_PORTS | 70000",
                "MAILTLS_CACHE_TTL | 5 minutes",
                "MAILTLS_CACHE_TTL | 2d",
                "MAILTLS_CACHE_TTL | P2D",
                "MAILTLS_CACHE_TTL | -PT5M",
                "MAILTLS_CA_FILE | /nonexistent/ca.pem",
                "MAILTLS_PAGE_PROBES | maybe",
                "MAILTLS_CORS_ORIGINS | *",
                "MAILTLS_CORS_ORIGINS | ops.example.com/path",
                "MAILTLS_PUBLIC_URL | mailtls.example.com",
                "MAILTLS_PUBLIC_URL | ftp://mailtls.example.com",
                "MAILTLS_PUBLIC_URL | https://mailtls.example.com/?host=x",
                "MAILTLS_PUBLIC_URL | https://mailtls.example.com/#top",
                "MAILTLS_PUBLIC_URL | https://exa mple.com",
                "MAILTLS_DNS_SERVER | 127.0.0.1:99999",
                "MAILTLS_DNS_SERVER | [::1",
                "MAILTLS_DNSSEC_ANCHORS | /nonexistent/anchors.zone",
                "MAILTLS_MAX_CONCURRENT | 0",
                "MAILTLS_MAX_CONCURRENT | 10001",
                "MAILTLS_MAX_CONCURRENT | many",
                "MAILTLS_MAX_QUEUED | -1",
                "MAILTLS_MAX_QUEUED | 1000001",
                "MAILTLS_RATE_PER_REQUESTER | 20",
                "MAILTLS_RATE_PER_REQUESTER | 0/1m",
                "MAILTLS_RATE_FRESH | 3 per minute",
                "MAILTLS_RATE_FRESH | 3/2d",
                "MAILTLS_RATE_PER_HOST | 24/0s",
                "MAILTLS_RATE_PER_HOST | 24/25h",
            })
    void badValueNamesTheVariableAndTheValueOnOneLine(String variable, String value) {
        ConfigException e = failure(Map.of(variable, value));

        assertThat(e.getMessage())
                .startsWith(variable + ": ")
                .contains(value.strip())
                .doesNotContain("\n");
    }

    @Test
    void aPublicUrlWithCredentialsIsRefusedWithoutShowingThem() {
        assertThat(failure(Map.of("MAILTLS_PUBLIC_URL", "https://user:s3cret@mailtls.example.com"))
                        .getMessage())
                .startsWith("MAILTLS_PUBLIC_URL: ")
                .contains("no user")
                .doesNotContain("s3cret");
    }

    @Test
    void caFileThatIsNotPemIsRefused() throws IOException {
        Path notPem = Files.writeString(tmp.resolve("ca.pem"), "hello\n");

        assertThat(failure(Map.of("MAILTLS_CA_FILE", notPem.toString())).getMessage())
                .startsWith("MAILTLS_CA_FILE: ");
    }

    @Test
    void dataDirThatIsARegularFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        assertThat(failure(Map.of("MAILTLS_DATA_DIR", file.toString())).getMessage())
                .isEqualTo("MAILTLS_DATA_DIR: data directory " + file + " is not a directory");
    }

    @Test
    void dataDirThatCannotBeCreatedIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");

        assertThat(failure(Map.of("MAILTLS_DATA_DIR", file.resolve("sub").toString()))
                        .getMessage())
                .startsWith("MAILTLS_DATA_DIR: data directory " + file.resolve("sub") + " cannot be created");
    }

    @Test
    void badItemOfACommaSeparatedListIsQuotedAlone() {
        assertThat(failure(Map.of("MAILTLS_ALLOW_PORTS", "25, smtp")).getMessage())
                .isEqualTo("MAILTLS_ALLOW_PORTS: not a port (1-65535): 'smtp'");
    }

    @Test
    void emptyPortListIsRefused() {
        assertThat(failure(Map.of("MAILTLS_ALLOW_PORTS", ",")).getMessage())
                .startsWith("MAILTLS_ALLOW_PORTS: name at least one port");
    }

    @Test
    void badTokenIsNamedByPositionNeverByValue() {
        String shortSecret = "short-secret";

        ConfigException e = failure(Map.of("MAILTLS_API_TOKENS", TOKEN_A + "," + shortSecret));

        assertThat(e.getMessage())
                .startsWith("MAILTLS_API_TOKENS: token #2 must be at least 16")
                .doesNotContain(shortSecret)
                .doesNotContain(TOKEN_A);
    }

    @Test
    void malformedHashTokenIsRefusedWithoutEchoingIt() {
        String bad = "sha256:abcdef";

        assertThat(failure(Map.of("MAILTLS_API_TOKENS", bad)).getMessage())
                .isEqualTo("MAILTLS_API_TOKENS: token #1 starts with sha256: but is not 64 hex digits");
    }

    @Test
    void toStringNeverShowsTokens() throws Exception {
        ServeConfig c = load(Map.of("MAILTLS_API_TOKENS", TOKEN_A + "," + TOKEN_B));

        assertThat(c.toString())
                .contains("apiTokens=2 configured")
                .doesNotContain(TOKEN_A)
                .doesNotContain(TOKEN_B)
                // The start of TOKEN_A's SHA-256 (printf '%s' alpha-token-0123456789 | sha256sum).
                .doesNotContain("53ab761424453342954583b5604363ca9b4e");
    }

    @Test
    void everySettingHasItsDocumentedNames() {
        assertThat(List.of(ServeSetting.values()).stream().map(ServeSetting::env))
                .containsExactly(
                        "MAILTLS_HTTP_ADDR",
                        "MAILTLS_API_TOKENS",
                        "MAILTLS_ALLOW_CIDRS",
                        "MAILTLS_DENY_CIDRS",
                        "MAILTLS_ALLOW_PORTS",
                        "MAILTLS_CACHE_TTL",
                        "MAILTLS_CA_FILE",
                        "MAILTLS_DATA_DIR",
                        "MAILTLS_PAGE_PROBES",
                        "MAILTLS_PUBLIC_URL",
                        "MAILTLS_CORS_ORIGINS",
                        "MAILTLS_DB_URL",
                        "MAILTLS_DB_USER",
                        "MAILTLS_DB_PASSWORD",
                        "MAILTLS_HISTORY_DAYS",
                        "MAILTLS_DNS_SERVER",
                        "MAILTLS_DNSSEC_ANCHORS",
                        "MAILTLS_MAX_CONCURRENT",
                        "MAILTLS_MAX_QUEUED",
                        "MAILTLS_RATE_PER_REQUESTER",
                        "MAILTLS_RATE_FRESH",
                        "MAILTLS_RATE_PER_HOST");
        assertThat(ServeConfigLoader.FILE_KEYS)
                .containsExactlyInAnyOrder(
                        "http_addr",
                        "api_tokens",
                        "allow_cidrs",
                        "deny_cidrs",
                        "allow_ports",
                        "cache_ttl",
                        "ca_file",
                        "data_dir",
                        "page_probes",
                        "public_url",
                        "cors_origins",
                        "db_url",
                        "db_user",
                        "db_password",
                        "history_days",
                        "dns_server",
                        "dnssec_anchors",
                        "max_concurrent",
                        "max_queued",
                        "rate_per_requester",
                        "rate_fresh",
                        "rate_per_host",
                        "groups",
                        "thresholds");
    }

    static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
