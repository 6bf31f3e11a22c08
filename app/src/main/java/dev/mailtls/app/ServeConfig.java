package dev.mailtls.app;

import dev.mailtls.discord.DiscordSettings;
import dev.mailtls.http.ApiTokens;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.slack.SlackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@code mailtls serve} is configured with, built once by {@link ServeConfigLoader} from
 * the environment and the optional YAML file. Tokens are held only as hashes, and {@link
 * #toString()} shows how many there are, never what they are.
 *
 * @param httpAddr where the HTTP server listens
 * @param apiTokens bearer tokens the API accepts; none means every API request gets 401
 * @param allowCidrs ranges the address policy re-admits (an operator's internal mail servers)
 * @param denyCidrs ranges denied on top of the built-in private and special ones
 * @param allowPorts the ports that may be probed
 * @param cacheTtl how long a result is served from the cache
 * @param caFile extra trusted CA certificates (PEM) for every probe, or null
 * @param dataDir where the server keeps its data
 * @param pageProbes whether the web page may probe without a token (throttled per client address)
 * @param corsOrigins browser origins allowed to call the API; empty turns CORS off
 * @param slack the Slack front end's tokens and mode (SLACK_*); unconfigured means off
 * @param discord the Discord front end's token, key and ids (DISCORD_*); unconfigured means off
 * @param groups the configuration file's target groups and certificate thresholds
 * @param history where runs of groups are kept, and for how long
 */
record ServeConfig(
        HttpAddress httpAddr,
        ApiTokens apiTokens,
        List<Cidr> allowCidrs,
        List<Cidr> denyCidrs,
        SortedSet<Integer> allowPorts,
        Duration cacheTtl,
        @Nullable Path caFile,
        Path dataDir,
        boolean pageProbes,
        List<String> corsOrigins,
        SlackSettings slack,
        DiscordSettings discord,
        GroupsConfig groups,
        HistoryConfig history) {

    public ServeConfig {
        Objects.requireNonNull(httpAddr, "httpAddr");
        Objects.requireNonNull(apiTokens, "apiTokens");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(slack, "slack");
        Objects.requireNonNull(discord, "discord");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(history, "history");
        allowCidrs = List.copyOf(allowCidrs);
        denyCidrs = List.copyOf(denyCidrs);
        allowPorts = Collections.unmodifiableSortedSet(new TreeSet<>(allowPorts));
        corsOrigins = List.copyOf(corsOrigins);
        if (allowPorts.isEmpty()) {
            throw new IllegalArgumentException("allowPorts must name at least one port");
        }
    }

    /** Every default, with the given data directory. */
    static ServeConfig defaults(Path dataDir) {
        return new ServeConfig(
                HttpAddress.DEFAULT,
                ApiTokens.none(),
                List.of(),
                List.of(),
                new TreeSet<>(AddressPolicy.MAIL_PORTS),
                ServeConfigLoader.DEFAULT_CACHE_TTL,
                null,
                dataDir,
                true,
                List.of(),
                SlackSettings.OFF,
                DiscordSettings.OFF,
                GroupsConfig.NONE,
                HistoryConfig.DEFAULT);
    }

    ServeConfig withHttpAddr(HttpAddress addr) {
        return new ServeConfig(
                addr,
                apiTokens,
                allowCidrs,
                denyCidrs,
                allowPorts,
                cacheTtl,
                caFile,
                dataDir,
                pageProbes,
                corsOrigins,
                slack,
                discord,
                groups,
                history);
    }

    ServeConfig withApiTokens(ApiTokens tokens) {
        return new ServeConfig(
                httpAddr,
                tokens,
                allowCidrs,
                denyCidrs,
                allowPorts,
                cacheTtl,
                caFile,
                dataDir,
                pageProbes,
                corsOrigins,
                slack,
                discord,
                groups,
                history);
    }

    ServeConfig withAllowCidrs(List<Cidr> allow) {
        return new ServeConfig(
                httpAddr,
                apiTokens,
                allow,
                denyCidrs,
                allowPorts,
                cacheTtl,
                caFile,
                dataDir,
                pageProbes,
                corsOrigins,
                slack,
                discord,
                groups,
                history);
    }

    ServeConfig withAllowPorts(Set<Integer> ports) {
        return new ServeConfig(
                httpAddr,
                apiTokens,
                allowCidrs,
                denyCidrs,
                new TreeSet<>(ports),
                cacheTtl,
                caFile,
                dataDir,
                pageProbes,
                corsOrigins,
                slack,
                discord,
                groups,
                history);
    }

    ServeConfig withSlack(SlackSettings s) {
        return new ServeConfig(
                httpAddr,
                apiTokens,
                allowCidrs,
                denyCidrs,
                allowPorts,
                cacheTtl,
                caFile,
                dataDir,
                pageProbes,
                corsOrigins,
                s,
                discord,
                groups,
                history);
    }

    ServeConfig withDiscord(DiscordSettings d) {
        return new ServeConfig(
                httpAddr,
                apiTokens,
                allowCidrs,
                denyCidrs,
                allowPorts,
                cacheTtl,
                caFile,
                dataDir,
                pageProbes,
                corsOrigins,
                slack,
                d,
                groups,
                history);
    }

    ServeConfig withGroups(GroupsConfig g) {
        return new ServeConfig(
                httpAddr,
                apiTokens,
                allowCidrs,
                denyCidrs,
                allowPorts,
                cacheTtl,
                caFile,
                dataDir,
                pageProbes,
                corsOrigins,
                slack,
                discord,
                g,
                history);
    }

    ServeConfig withHistory(HistoryConfig h) {
        return new ServeConfig(
                httpAddr,
                apiTokens,
                allowCidrs,
                denyCidrs,
                allowPorts,
                cacheTtl,
                caFile,
                dataDir,
                pageProbes,
                corsOrigins,
                slack,
                discord,
                groups,
                h);
    }

    /** The server's strict address policy: built-in denials, then these ranges and ports. */
    AddressPolicy addressPolicy() {
        return AddressPolicy.strict(allowCidrs, denyCidrs, allowPorts);
    }

    @Override
    public String toString() {
        return "ServeConfig[httpAddr=" + httpAddr + ", apiTokens=" + apiTokens.size() + " configured, allowCidrs="
                + allowCidrs + ", denyCidrs=" + denyCidrs + ", allowPorts=" + allowPorts + ", cacheTtl=" + cacheTtl
                + ", caFile=" + caFile + ", dataDir=" + dataDir + ", pageProbes=" + pageProbes + ", corsOrigins="
                + corsOrigins + ", slack=" + slack + ", discord=" + discord + ", groups="
                + groups.groups().size() + "]";
    }
}
