package dev.mailtls.app;

import dev.mailtls.auth.Credentials;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.Prober;
import dev.mailtls.tls.TrustEvaluator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.net.ssl.SNIHostName;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailtls probe <host> [port] [transport] [protocol]}: one probe, one card, an exit code. */
@Command(
        name = "probe",
        description = {
            "Probe one mail server: greeting, capabilities, STARTTLS, TLS handshake, certificate, diagnosis.",
            "Exit codes: 0 ok, 1 warnings, 2 failure, 64 bad usage."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class ProbeCommandLine implements Callable<Integer> {
    /** Environment variable holding the password for --user. */
    static final String PASSWORD_ENV = "MAILTLS_PASSWORD";

    @Parameters(
            arity = "1..6",
            paramLabel = "WORD",
            description = {
                "<host> [port] [tls|starttls|plain|auto] [smtp|imap|pop3], words after the host in any order.",
                "Aliases: ssl, implicit, smtps, imaps, pop3s = tls; none = plain."
            })
    List<String> words = List.of();

    @Mixin
    CardFormat format = new CardFormat();

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Overall deadline, e.g. 15s, 30s, 1m (default 15s; 60s with --deep).")
    @Nullable
    String timeout;

    @Option(
            names = "--deep",
            description = "Also list every TLS version and cipher suite the server accepts (many more connections).")
    boolean deep;

    @Option(
            names = "--ehlo-name",
            paramLabel = "NAME",
            description = "Name sent in EHLO/HELO (default " + ProbeOptions.DEFAULT_EHLO_NAME + ").")
    @Nullable
    String ehloName;

    @Option(
            names = "--sni",
            paramLabel = "NAME",
            description = "Server name to send in the TLS ClientHello (default: the host).")
    @Nullable
    String sni;

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            description = "Extra trusted CA certificates (PEM), for internal PKI.")
    @Nullable
    Path caFile;

    @Option(names = "--tls-version", paramLabel = "1.2|1.3", description = "Offer only this TLS version.")
    @Nullable
    String tlsVersion;

    @Option(
            names = "--auth-probe",
            description = "Try a login with deliberately invalid credentials, to see the server's login policy.")
    boolean authProbe;

    @Option(
            names = "--user",
            paramLabel = "NAME",
            description = "Probe login with this real user; the password comes from $" + PASSWORD_ENV
                    + " or --password-stdin. Never shown or logged.")
    @Nullable
    String user;

    @Option(names = "--password-stdin", description = "Read the --user password from the first line of standard input.")
    boolean passwordStdin;

    @Option(
            names = "--auth-plaintext",
            description =
                    "Allow the made-up login of --auth-probe on an unencrypted channel (off by default); never with --user.")
    boolean authPlaintext;

    @Option(
            names = "--transcript",
            description = "Add the C:/S: transcript to the text or Markdown card (JSON always has it).")
    boolean transcript;

    @Option(
            names = "--no-legacy-check",
            description = "Skip the second connection that checks whether TLS 1.0/1.1 are still accepted.")
    boolean noLegacyCheck;

    /** The deadline of a probe without --timeout. */
    static final String DEFAULT_TIMEOUT = "15s";

    /** The deadline of a deep probe without --timeout: the enumeration makes many connections. */
    static final String DEEP_TIMEOUT = "60s";

    private final Prober prober;
    private final Diagnoser diagnoser = new Diagnoser(DiagnosisThresholds.defaults());
    private final Console console;

    ProbeCommandLine(Prober prober, Console console) {
        this.prober = prober;
        this.console = console;
    }

    @Override
    public Integer call() throws UsageException {
        Rendered.Format asked = format.format();
        ProbeCommand command = CommandParser.parse(words);
        // The grammar's word deep asks what --deep does.
        ProbeOptions options = options(deep || command.has(ProbeCommand.Flag.DEEP));
        Rendered.prepare(asked);
        ProbeResult result = prober.probe(command.toRequest(options));
        Rendered r = Rendered.of(result, diagnoser, asked, format.colour(console), format.emoji(console), transcript);
        CardFormat.print(console, r.text());
        return r.exitCode();
    }

    private ProbeOptions options(boolean deep) throws UsageException {
        String deadline = timeout != null ? timeout : deep ? DEEP_TIMEOUT : DEFAULT_TIMEOUT;
        ProbeOptions o = ProbeOptions.defaults()
                .withDeadline(parseDuration(deadline))
                .withLegacyTlsCheck(!noLegacyCheck)
                .withDeep(deep);
        try {
            if (ehloName != null) {
                o = o.withEhloName(ehloName);
            }
            if (sni != null) {
                try {
                    new SNIHostName(sni);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(
                            "--sni must be a DNS host name (letters, digits, hyphens), was '" + sni + "'");
                }
                o = o.withSniName(sni);
            }
            if (tlsVersion != null) {
                o = o.withTlsVersion(
                        switch (tlsVersion.toLowerCase(Locale.ROOT).replace("tlsv", "")) {
                            case "1.2" -> "TLSv1.2";
                            case "1.3" -> "TLSv1.3";
                            default -> throw new UsageException("--tls-version must be 1.2 or 1.3, was " + tlsVersion);
                        });
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (caFile != null) {
            try {
                // One check for the CLI and serve: a regular file under 1 MiB, read with that bound.
                TrustEvaluator.jdkDefaults(caFile);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ca-file: " + e.getMessage());
            }
            o = o.withCaFile(caFile);
        }
        if (user != null && authPlaintext) {
            // Refused before the password is read or anything is sent.
            throw new UsageException(ProbeOptions.REAL_CREDENTIALS_IN_PLAINTEXT);
        }
        Credentials creds = credentials();
        if (authProbe || creds != null) {
            try {
                o = o.withAuthProbe(true, creds, authPlaintext);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return o;
    }

    private @Nullable Credentials credentials() throws UsageException {
        if (user == null) {
            if (passwordStdin) {
                throw new UsageException("--password-stdin needs --user");
            }
            return null;
        }
        String password;
        if (passwordStdin) {
            try {
                String line =
                        new BufferedReader(new InputStreamReader(console.stdin(), StandardCharsets.UTF_8)).readLine();
                password = line == null ? "" : line;
            } catch (IOException e) {
                throw new UsageException("could not read the password from standard input: " + e.getMessage());
            }
        } else {
            password = console.env().getOrDefault(PASSWORD_ENV, "");
        }
        if (password.isEmpty()) {
            throw new UsageException("--user needs a password: set " + PASSWORD_ENV + " or use --password-stdin");
        }
        return new Credentials(user, password);
    }

    /** "15s", "1m", "500ms", "PT15S", or a number of seconds. */
    static Duration parseDuration(String s) throws UsageException {
        String t = s.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.matches("\\d+")) {
                d = Duration.ofSeconds(Long.parseLong(t));
            } else if (t.matches("\\d+ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.matches("\\d+s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.matches("\\d+m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.parse(s.strip().toUpperCase(Locale.ROOT));
            }
            if (d.isZero() || d.isNegative() || d.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new UsageException("--timeout must be between 1 ms and 5 minutes, was " + s);
            }
            return d;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new UsageException("bad --timeout '" + s + "': use e.g. 15s, 30s or 1m");
        }
    }
}
