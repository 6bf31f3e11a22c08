package dev.mailtls.app;

import dev.mailtls.frontend.ConfiguredFrontEnd;
import dev.mailtls.frontend.FrontEndModule;
import dev.mailtls.http.ApiTokens;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * @param denyCidrs ranges denied on top of the built-in special-purpose ranges and own addresses
 * @param allowPorts the ports that may be probed
 * @param cacheTtl how long a result is served from the cache
 * @param caFile extra trusted CA certificates (PEM) for every probe, or null
 * @param dataDir where the server keeps its data
 * @param pageProbes whether the web page may probe without a token (throttled per client address)
 * @param publicUrl the web page's public base URL, without a trailing slash; null when not set
 *     (chat cards then have no Open in browser button)
 * @param corsOrigins browser origins allowed to call the API; empty turns CORS off
 * @param frontEnds each chat front end with its settings, in the order of {@link FrontEnds#ALL};
 *     unconfigured means off
 * @param groups the configuration file's target groups and certificate thresholds
 * @param history where runs of groups are kept, and for how long
 * @param dns the DNS server and trust anchors of domain checks
 * @param limits the probe service's concurrency, queue and rates
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
        @Nullable String publicUrl,
        List<String> corsOrigins,
        List<ConfiguredFrontEnd<?>> frontEnds,
        GroupsConfig groups,
        HistoryConfig history,
        DnsConfig dns,
        LimitsConfig limits) {

    public ServeConfig {
        Objects.requireNonNull(httpAddr, "httpAddr");
        Objects.requireNonNull(apiTokens, "apiTokens");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(limits, "limits");
        allowCidrs = List.copyOf(allowCidrs);
        denyCidrs = List.copyOf(denyCidrs);
        allowPorts = Collections.unmodifiableSortedSet(new TreeSet<>(allowPorts));
        corsOrigins = List.copyOf(corsOrigins);
        frontEnds = List.copyOf(frontEnds);
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
                null,
                List.of(),
                FrontEnds.off(FrontEnds.ALL),
                GroupsConfig.NONE,
                HistoryConfig.DEFAULT,
                DnsConfig.DEFAULT,
                LimitsConfig.DEFAULT);
    }

    ServeConfig withHttpAddr(HttpAddress addr) {
        return copy(b -> b.httpAddr = addr);
    }

    ServeConfig withApiTokens(ApiTokens tokens) {
        return copy(b -> b.apiTokens = tokens);
    }

    ServeConfig withAllowCidrs(List<Cidr> allow) {
        return copy(b -> b.allowCidrs = allow);
    }

    ServeConfig withAllowPorts(Set<Integer> ports) {
        return copy(b -> b.allowPorts = new TreeSet<>(ports));
    }

    ServeConfig withPublicUrl(@Nullable String url) {
        return copy(b -> b.publicUrl = url);
    }

    /** With {@code module}'s settings replaced, or the module added after the others. */
    <S> ServeConfig withFrontEnd(FrontEndModule<S> module, S settings) {
        List<ConfiguredFrontEnd<?>> all = new ArrayList<>(frontEnds);
        ConfiguredFrontEnd<S> configured = new ConfiguredFrontEnd<>(module, settings);
        int i = indexOf(module);
        if (i < 0) {
            all.add(configured);
        } else {
            all.set(i, configured);
        }
        return copy(b -> b.frontEnds = all);
    }

    /**
     * The settings {@code module} was configured with.
     *
     * @throws IllegalArgumentException when the module (its name and class) is not among the front ends
     */
    <S> S settings(FrontEndModule<S> module) {
        int i = indexOf(module);
        if (i < 0 || frontEnds.get(i).module().getClass() != module.getClass()) {
            throw new IllegalArgumentException("no front end " + module.name() + " of " + module.getClass());
        }
        // The same module class made them: the settings are of its type.
        @SuppressWarnings("unchecked")
        S settings = (S) frontEnds.get(i).settings();
        return settings;
    }

    private int indexOf(FrontEndModule<?> module) {
        for (int i = 0; i < frontEnds.size(); i++) {
            if (frontEnds.get(i).name().equals(module.name())) {
                return i;
            }
        }
        return -1;
    }

    ServeConfig withGroups(GroupsConfig g) {
        return copy(b -> b.groups = g);
    }

    ServeConfig withHistory(HistoryConfig h) {
        return copy(b -> b.history = h);
    }

    ServeConfig withDns(DnsConfig d) {
        return copy(b -> b.dns = d);
    }

    ServeConfig withLimits(LimitsConfig l) {
        return copy(b -> b.limits = l);
    }

    private ServeConfig copy(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** The components as mutable fields, so each {@code withX} names only what it changes. */
    private static final class Copy {
        HttpAddress httpAddr;
        ApiTokens apiTokens;
        List<Cidr> allowCidrs;
        List<Cidr> denyCidrs;
        SortedSet<Integer> allowPorts;
        Duration cacheTtl;

        @Nullable
        Path caFile;

        Path dataDir;
        boolean pageProbes;

        @Nullable
        String publicUrl;

        List<String> corsOrigins;
        List<ConfiguredFrontEnd<?>> frontEnds;
        GroupsConfig groups;
        HistoryConfig history;
        DnsConfig dns;
        LimitsConfig limits;

        Copy(ServeConfig c) {
            httpAddr = c.httpAddr;
            apiTokens = c.apiTokens;
            allowCidrs = c.allowCidrs;
            denyCidrs = c.denyCidrs;
            allowPorts = c.allowPorts;
            cacheTtl = c.cacheTtl;
            caFile = c.caFile;
            dataDir = c.dataDir;
            pageProbes = c.pageProbes;
            publicUrl = c.publicUrl;
            corsOrigins = c.corsOrigins;
            frontEnds = c.frontEnds;
            groups = c.groups;
            history = c.history;
            dns = c.dns;
            limits = c.limits;
        }

        ServeConfig build() {
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
                    publicUrl,
                    corsOrigins,
                    frontEnds,
                    groups,
                    history,
                    dns,
                    limits);
        }
    }

    /** The server's strict address policy: built-in denials, then these ranges and ports. */
    AddressPolicy addressPolicy() {
        return AddressPolicy.strict(allowCidrs, denyCidrs, allowPorts);
    }

    @Override
    public String toString() {
        return "ServeConfig[httpAddr=" + httpAddr + ", apiTokens=" + apiTokens.size() + " configured, allowCidrs="
                + allowCidrs + ", denyCidrs=" + denyCidrs + ", allowPorts=" + allowPorts + ", cacheTtl=" + cacheTtl
                + ", caFile=" + caFile + ", dataDir=" + dataDir + ", pageProbes=" + pageProbes + ", publicUrl="
                + publicUrl + ", corsOrigins="
                + corsOrigins + frontEnds.stream().map(f -> ", " + f).collect(java.util.stream.Collectors.joining())
                + ", groups="
                + groups.groups().size() + ", limits=" + limits + "]";
    }
}
