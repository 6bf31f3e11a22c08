package dev.mailtls.app;

import dev.mailtls.card.MarkdownRenderer;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.domain.DnsjavaDomainDns;
import dev.mailtls.domain.DomainCard;
import dev.mailtls.domain.DomainCheck;
import dev.mailtls.domain.DomainDns;
import dev.mailtls.domain.DomainJsonRenderer;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.domain.MtaStsFetcher;
import dev.mailtls.domain.TrustAnchors;
import dev.mailtls.net.Ticker;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.tls.TrustEvaluator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailtls domain <domain>}: a whole mail domain in one answer, and an exit code. */
@Command(
        name = "domain",
        description = {
            "Check a mail domain: its MX records (Null MX, implicit MX), every address of every MX host probed on"
                    + " port 25 with STARTTLS, and their DANE TLSA records with DNSSEC.",
            "Exit codes: 0 ok, 1 warnings, 2 failure, 64 bad usage."
        },
        sortOptions = false)
final class DomainCommandLine implements Callable<Integer> {
    /** The DNS server every question of the check goes to, as {@code HOST[:PORT]}. */
    static final String DNS_SERVER_ENV = DnsjavaDomainDns.SERVER_ENVIRONMENT;
    /** A file of DS or DNSKEY records replacing the root trust anchors. */
    static final String DNSSEC_ANCHORS_ENV = DnsjavaDomainDns.ANCHORS_ENVIRONMENT;

    @Parameters(arity = "1", paramLabel = "DOMAIN", description = "The mail domain, e.g. example.com.")
    String domain = "";

    /**
     * --json, --markdown, --[no-]color: added to this command's model by {@link MailtlsCli}, with
     * -h and -V after them, as {@code probe} lists them.
     */
    final CardFormat format = new CardFormat();

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Deadline of the whole check, e.g. 30s, 1m (default 30s).")
    String timeout = "30s";

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            description = "Extra trusted CA certificates (PEM) for the MX certificates, for internal PKI.")
    @Nullable
    Path caFile;

    @Option(
            names = "--dns",
            paramLabel = "HOST[:PORT]",
            description = "Send every DNS question of the check to this server (default: $" + DNS_SERVER_ENV
                    + ", else the system's resolver).")
    @Nullable
    String dns;

    @Option(
            names = "--dnssec-anchor",
            paramLabel = "FILE",
            description = "DS or DNSKEY records (zone-file format) replacing the root trust anchors (default: $"
                    + DNSSEC_ANCHORS_ENV + ", else IANA's root anchors).")
    @Nullable
    Path anchors;

    private final Prober prober;
    private final Console console;
    private final DomainDnsFactory dnsFactory;
    private final Diagnoser diagnoser = new Diagnoser(DiagnosisThresholds.defaults());

    /** The DNS of the check from {@code --dns} and {@code --dnssec-anchor}, through dnsjava. */
    static final DomainDnsFactory DNSJAVA = (server, anchors) -> {
        DnsjavaDomainDns.Builder b = DnsjavaDomainDns.builder();
        if (server != null) {
            b.server(server);
        }
        if (anchors != null) {
            b.trustAnchors(TrustAnchors.fromFile(anchors));
        }
        return b.build();
    };

    DomainCommandLine(Prober prober, Console console, DomainDnsFactory dnsFactory) {
        this.prober = prober;
        this.console = console;
        this.dnsFactory = dnsFactory;
    }

    @Override
    public Integer call() throws UsageException {
        Rendered.Format asked = format.format();
        Duration deadline = ProbeCommandLine.parseDuration(timeout);
        String checked;
        try {
            checked = DomainCheck.normalise(domain);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ProbeOptions options = ProbeOptions.defaults();
        TrustEvaluator trust;
        try {
            trust = TrustEvaluator.jdkDefaults(caFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--ca-file: " + e.getMessage());
        }
        if (caFile != null) {
            options = options.withCaFile(caFile);
        }
        DomainDns resolver = resolver();
        // The CLI user probes what they choose, as with mailtls probe: every address is allowed.
        MtaStsFetcher fetcher = new MtaStsFetcher(resolver, prober.policy(), trust);
        DomainReport report = new DomainCheck(
                        resolver,
                        request -> new ServiceResult.Probed(
                                prober.probe(request),
                                null,
                                new ServiceResult.Asked("cli", Clock.systemUTC().instant())),
                        fetcher::fetch,
                        diagnoser,
                        options,
                        deadline,
                        Clock.systemUTC(),
                        Ticker.SYSTEM)
                .check(checked);
        String text = switch (asked) {
            case JSON -> new DomainJsonRenderer(true, true).render(report);
            case MARKDOWN -> new MarkdownRenderer(false).render(DomainCard.of(report));
            case TEXT ->
                new TextRenderer(format.colour(console), format.emoji(console), false).render(DomainCard.of(report));
        };
        CardFormat.print(console, text);
        return report.status().exitCode();
    }

    /** The DNS of the check: the option, else the variable, else the system's resolver. */
    private DomainDns resolver() throws UsageException {
        String server = dns != null ? dns : blankToNull(console.env().get(DNS_SERVER_ENV));
        String anchorText = blankToNull(console.env().get(DNSSEC_ANCHORS_ENV));
        Path anchorFile = anchors != null ? anchors : anchorText == null ? null : Path.of(anchorText);
        try {
            return dnsFactory.create(server, anchorFile);
        } catch (IllegalArgumentException e) {
            String which = dns == null && server != null ? DNS_SERVER_ENV : "--dns";
            String what = e.getMessage() == null ? "bad value" : e.getMessage();
            throw new UsageException(
                    what.contains("anchor")
                            ? (anchors != null ? "--dnssec-anchor: " : DNSSEC_ANCHORS_ENV + ": ") + what
                            : which + ": " + what);
        }
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
