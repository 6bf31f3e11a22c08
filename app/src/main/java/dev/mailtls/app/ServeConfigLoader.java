package dev.mailtls.app;

import dev.mailtls.domain.DnsServer;
import dev.mailtls.domain.TrustAnchors;
import dev.mailtls.frontend.ConfiguredFrontEnd;
import dev.mailtls.frontend.FrontEndModule;
import dev.mailtls.frontend.SettingsSource;
import dev.mailtls.http.ApiTokens;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.service.Rate;
import dev.mailtls.tls.TrustEvaluator;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link ServeConfig} from environment variables and the optional YAML file named by
 * {@code MAILTLS_CONFIG}. A variable that is set (not blank) wins over the file's key; a key
 * missing from both takes its default. Every bad value is a {@link ConfigException} naming the
 * variable, or the file and line, and the value (never a token's). Each chat front end reads and
 * checks its own settings ({@link FrontEndModule#settings}) through a {@link SettingsSource} over
 * the same environment and file.
 */
final class ServeConfigLoader {
    static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

    /** The top-level keys the file may hold with the registered front ends. */
    static final Set<String> FILE_KEYS = fileKeys(FrontEnds.ALL);

    /**
     * The top-level keys the file may hold: the settings, the structures {@code groups} and {@code
     * thresholds} (read through {@link ConfigFile.Entry#tree()}), and the front ends' own keys.
     */
    static Set<String> fileKeys(List<FrontEndModule<?>> modules) {
        return Stream.of(
                        Arrays.stream(ServeSetting.values()).map(ServeSetting::yamlKey),
                        Stream.of("groups", "thresholds"),
                        modules.stream().flatMap(m -> m.fileKeys().stream()))
                .flatMap(k -> k)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** A value as given, and where: "MAILTLS_CACHE_TTL" or "/etc/mailtls.yaml line 4, cache_ttl". */
    private record Given(String where, String text) {}

    /** A parser whose {@link IllegalArgumentException} message names the bad value. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(String text);
    }

    private final Map<String, String> env;
    private final ConfigFile file;
    private final List<FrontEndModule<?>> modules;

    private ServeConfigLoader(Map<String, String> env, ConfigFile file, List<FrontEndModule<?>> modules) {
        this.env = env;
        this.file = file;
        this.modules = List.copyOf(modules);
    }

    /**
     * Reads the configuration, creating the data directory when it is missing.
     *
     * @param home the user's home directory, when {@code HOME} is not set
     */
    static ServeConfig load(Map<String, String> env, Path home) throws ConfigException {
        return load(env, home, true);
    }

    /**
     * @param posting whether the groups' chat destinations will be posted to, so each needs its
     *     platform's token ({@code serve}, {@code summary --post}); {@code summary} alone needs none
     */
    static ServeConfig load(Map<String, String> env, Path home, boolean posting) throws ConfigException {
        return load(env, home, posting, FrontEnds.ALL);
    }

    /** @param modules the chat front ends to configure, {@link FrontEnds#ALL} but in tests */
    static ServeConfig load(Map<String, String> env, Path home, boolean posting, List<FrontEndModule<?>> modules)
            throws ConfigException {
        return new ServeConfigLoader(env, file(env, fileKeys(modules)), modules).build(home, posting);
    }

    /**
     * Only where the server listens, as {@link #load} finds it (the variable, else the file's
     * {@code http_addr}, else the default), for {@code mailtls healthcheck}: it needs no data
     * directory, tokens or groups, and must not create anything.
     */
    static HttpAddress httpAddr(Map<String, String> env) throws ConfigException {
        return new ServeConfigLoader(env, file(env, FILE_KEYS), FrontEnds.ALL)
                .one(ServeSetting.HTTP_ADDR, HttpAddress::parse)
                .orElse(HttpAddress.DEFAULT);
    }

    private static ConfigFile file(Map<String, String> env, Set<String> keys) throws ConfigException {
        String configPath = env.get(ServeSetting.CONFIG_ENV);
        if (configPath == null || configPath.isBlank()) {
            return ConfigFile.none();
        }
        return ConfigFile.read(path(new Given(ServeSetting.CONFIG_ENV, configPath)), keys);
    }

    private ServeConfig build(Path home, boolean posting) throws ConfigException {
        HttpAddress addr = one(ServeSetting.HTTP_ADDR, HttpAddress::parse).orElse(HttpAddress.DEFAULT);
        ApiTokens tokens = tokens();
        List<Cidr> allow = list(ServeSetting.ALLOW_CIDRS, ConfigValues::cidr).orElse(List.of());
        List<Cidr> deny = list(ServeSetting.DENY_CIDRS, ConfigValues::cidr).orElse(List.of());
        Set<Integer> ports = new TreeSet<>(
                list(ServeSetting.ALLOW_PORTS, ConfigValues::port).orElse(List.copyOf(AddressPolicy.MAIL_PORTS)));
        if (ports.isEmpty()) {
            throw new ConfigException(where(ServeSetting.ALLOW_PORTS) + ": name at least one port, e.g. 25,465,587");
        }
        Duration ttl = one(ServeSetting.CACHE_TTL, ConfigValues::cacheTtl).orElse(DEFAULT_CACHE_TTL);
        Path caFile = caFile();
        Path dataDir = dataDir(home);
        boolean pageProbes = one(ServeSetting.PAGE_PROBES, ConfigValues::bool).orElse(true);
        String publicUrl = one(ServeSetting.PUBLIC_URL, ConfigValues::publicUrl).orElse(null);
        List<String> cors =
                list(ServeSetting.CORS_ORIGINS, ConfigValues::origin).orElse(List.of());
        List<ConfiguredFrontEnd<?>> frontEnds = FrontEnds.read(modules, new Source());
        return new ServeConfig(
                addr,
                tokens,
                allow,
                deny,
                new TreeSet<>(ports),
                ttl,
                caFile,
                dataDir,
                pageProbes,
                publicUrl,
                cors,
                frontEnds,
                groups(frontEnds, posting),
                history(),
                dns(),
                limits());
    }

    /** The probe service's bounds; each one not given keeps its default. */
    private LimitsConfig limits() throws ConfigException {
        LimitsConfig d = LimitsConfig.DEFAULT;
        return new LimitsConfig(
                one(ServeSetting.MAX_CONCURRENT, LimitsConfig::concurrent).orElse(d.maxConcurrent()),
                one(ServeSetting.MAX_QUEUED, LimitsConfig::queued).orElse(d.maxQueued()),
                one(ServeSetting.RATE_PER_REQUESTER, Rate::parse).orElse(d.perRequester()),
                one(ServeSetting.RATE_FRESH, Rate::parse).orElse(d.perRequesterFresh()),
                one(ServeSetting.RATE_PER_HOST, Rate::parse).orElse(d.perHost()));
    }

    private HistoryConfig history() throws ConfigException {
        String url = one(ServeSetting.DB_URL, ServeConfigLoader::jdbcUrl).orElse(null);
        String user = one(ServeSetting.DB_USER, t -> t).orElse(null);
        String password = one(ServeSetting.DB_PASSWORD, t -> t).orElse(null);
        int days = one(ServeSetting.HISTORY_DAYS, ServeConfigLoader::days).orElse(90);
        return new HistoryConfig(url, user, password, days);
    }

    /** The DNS of domain checks: a server as {@code HOST[:PORT]}, an anchor file that parses. */
    private DnsConfig dns() throws ConfigException {
        String server =
                one(ServeSetting.DNS_SERVER, t -> DnsServer.parse(t).toString()).orElse(null);
        Optional<Given> anchors = single(ServeSetting.DNSSEC_ANCHORS);
        Path file = null;
        if (anchors.isPresent()) {
            file = path(anchors.get());
            try {
                TrustAnchors.fromFile(file);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(anchors.get().where() + ": " + MailtlsCli.oneLine(e.getMessage()));
            }
        }
        return new DnsConfig(server, file);
    }

    private static String jdbcUrl(String text) {
        String t = text.strip();
        if (!t.startsWith("jdbc:postgresql:") && !t.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(
                    "expected a PostgreSQL JDBC URL such as jdbc:postgresql://db:5432/mailtls (or jdbc:h2:...)");
        }
        return t;
    }

    private static int days(String text) {
        try {
            int d = Integer.parseInt(text.strip());
            if (d >= 1 && d <= 36_500) {
                return d;
            }
        } catch (NumberFormatException e) {
            // the message below names it
        }
        throw new IllegalArgumentException("expected a number of days from 1 to 36500, was '" + text.strip() + "'");
    }

    /** The environment and the file, as the front ends read them. */
    private final class Source implements SettingsSource {
        @Override
        public Map<String, String> environment() {
            return env;
        }

        @Override
        public Optional<Setting> value(String variable, String fileKey) {
            try {
                return single(variable, fileKey).map(g -> new Setting(g.where(), g.text()));
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** The file's groups and thresholds, destinations parsed against the front ends' kinds. */
    private GroupsConfig groups(List<ConfiguredFrontEnd<?>> frontEnds, boolean posting) throws ConfigException {
        GroupsConfig g = GroupsConfig.read(
                file.path(),
                file.get("groups").map(ConfigFile.Entry::located).orElse(null),
                file.get("thresholds").map(ConfigFile.Entry::located).orElse(null),
                FrontEnds.destinationKinds(frontEnds));
        if (posting) {
            FrontEnds.checkPosting(frontEnds, g, file.path());
        }
        return g;
    }

    private ApiTokens tokens() throws ConfigException {
        List<Given> given = given(ServeSetting.API_TOKENS).orElse(List.of());
        List<String> clear = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Given g = given.get(i);
            try {
                ApiTokens.of(List.of(g.text()));
            } catch (IllegalArgumentException e) {
                // ApiTokens names the position, never the value; renumber it within the whole list.
                String problem = e.getMessage().replaceFirst("^API token #\\d+ ", "");
                throw new ConfigException(g.where() + ": token #" + (i + 1) + " " + problem);
            }
            clear.add(g.text());
        }
        return ApiTokens.of(clear);
    }

    private @Nullable Path caFile() throws ConfigException {
        Optional<Given> given = single(ServeSetting.CA_FILE);
        if (given.isEmpty()) {
            return null;
        }
        Path p = path(given.get());
        try {
            // One check for serve and the CLI: a regular file under 1 MiB, read with that bound.
            TrustEvaluator.jdkDefaults(p);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(given.get().where() + ": " + MailtlsCli.oneLine(e.getMessage()));
        }
        return p;
    }

    private Path dataDir(Path home) throws ConfigException {
        Optional<Given> given = single(ServeSetting.DATA_DIR);
        Path dir = given.isPresent() ? path(given.get()) : DataDir.defaultFor(env, home);
        List<String> problems = DataDir.prepare(dir);
        if (!problems.isEmpty()) {
            String where = given.map(Given::where).orElse(ServeSetting.DATA_DIR.env() + " (default)");
            throw new ConfigException(where + ": " + problems.get(0));
        }
        return dir;
    }

    private static Path path(Given g) throws ConfigException {
        try {
            return Path.of(g.text().strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(g.where() + ": not a path: '" + g.text() + "'");
        }
    }

    /** A single value, parsed. */
    private <T> Optional<T> one(ServeSetting s, Parser<T> parser) throws ConfigException {
        Optional<Given> g = single(s);
        return g.isEmpty() ? Optional.empty() : Optional.of(parse(g.get(), parser));
    }

    /** A list of values (comma-separated, or a YAML list), each parsed. */
    private <T> Optional<List<T>> list(ServeSetting s, Parser<T> parser) throws ConfigException {
        Optional<List<Given>> given = given(s);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        List<T> values = new ArrayList<>();
        for (Given g : given.get()) {
            values.add(parse(g, parser));
        }
        return Optional.of(List.copyOf(values));
    }

    private static <T> T parse(Given g, Parser<T> parser) throws ConfigException {
        try {
            return parser.parse(g.text());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(g.where() + ": " + MailtlsCli.oneLine(e.getMessage()));
        }
    }

    private Optional<Given> single(ServeSetting s) throws ConfigException {
        return single(s.env(), s.yamlKey());
    }

    private Optional<Given> single(String variable, String yamlKey) throws ConfigException {
        String v = env.get(variable);
        if (v != null && !v.isBlank()) {
            return Optional.of(new Given(variable, v));
        }
        Optional<ConfigFile.Entry> e = file.get(yamlKey);
        if (e.isEmpty() || e.get().items().isEmpty() && e.get().tree().isNull()) {
            return Optional.empty();
        }
        if (e.get().items().size() != 1 || !e.get().tree().isValueNode()) {
            throw new ConfigException(fileWhere(e.get().line(), yamlKey) + ": expected a single value");
        }
        ConfigFile.Item item = e.get().items().get(0);
        return Optional.of(new Given(fileWhere(item.line(), yamlKey), item.text()));
    }

    /** The values of a list setting: the variable split on commas, or the file's list or string. */
    private Optional<List<Given>> given(ServeSetting s) throws ConfigException {
        String v = env.get(s.env());
        if (v != null && !v.isBlank()) {
            return Optional.of(split(v, text -> new Given(s.env(), text)));
        }
        Optional<ConfigFile.Entry> e = file.get(s.yamlKey());
        if (e.isEmpty() || e.get().tree().isNull()) {
            return Optional.empty();
        }
        if (e.get().tree().isObject()) {
            throw new ConfigException(fileWhere(e.get().line(), s) + ": expected a list or a comma-separated string");
        }
        List<Given> all = new ArrayList<>();
        for (ConfigFile.Item item : e.get().items()) {
            all.addAll(split(item.text(), text -> new Given(fileWhere(item.line(), s), text)));
        }
        return Optional.of(all);
    }

    private static List<Given> split(String text, Function<String, Given> given) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(given)
                .toList();
    }

    private String fileWhere(int line, ServeSetting s) {
        return fileWhere(line, s.yamlKey());
    }

    private String fileWhere(int line, String yamlKey) {
        return ConfigFile.where(file.path(), line) + ", " + yamlKey;
    }

    /** Where a setting came from, for a message about the whole setting. */
    private String where(ServeSetting s) {
        String v = env.get(s.env());
        if (v != null && !v.isBlank()) {
            return s.env();
        }
        return file.get(s.yamlKey()).map(e -> fileWhere(e.line(), s)).orElse(s.env());
    }
}
