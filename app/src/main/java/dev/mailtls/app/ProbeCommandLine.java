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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code mailtls probe <host> [port] [transport] [protocol]}: one probe, one card, an exit code.
 * Declared through picocli's programmatic model ({@link #spec}), not annotations: a cold probe
 * spent most of picocli's time on annotation reflection ({@link CommandLines} says why).
 */
final class ProbeCommandLine implements Callable<Integer> {
    /** Environment variable holding the password for --user. */
    static final String PASSWORD_ENV = "MAILTLS_PASSWORD";

    private final PositionalParamSpec wordsArg = PositionalParamSpec.builder()
            .arity("1..6")
            .required(true)
            .paramLabel("WORD")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description(
                    "<host> [port] [tls|starttls|plain|auto] [smtp|imap|pop3], words after the host in any order.",
                    "Aliases: ssl, implicit, smtps, imaps, pop3s = tls; none = plain.")
            .build();
    private final CardFormat format = new CardFormat();
    private final OptionSpec timeoutOpt = CommandLines.option(
            "--timeout",
            "DURATION",
            String.class,
            "Overall deadline, e.g. 15s, 30s, 1m (default 15s; 60s with --deep).");
    private final OptionSpec deepOpt = CommandLines.flag(
            "--deep", "Also list every TLS version and cipher suite the server accepts (many more connections).");
    private final OptionSpec ehloNameOpt = CommandLines.option(
            "--ehlo-name",
            "NAME",
            String.class,
            "Name sent in EHLO/HELO (default " + ProbeOptions.DEFAULT_EHLO_NAME + ").");
    private final OptionSpec sniOpt = CommandLines.option(
            "--sni", "NAME", String.class, "Server name to send in the TLS ClientHello (default: the host).");
    private final OptionSpec caFileOpt = CommandLines.option(
            "--ca-file", "PEM", Path.class, "Extra trusted CA certificates (PEM), for internal PKI.");
    private final OptionSpec tlsVersionOpt =
            CommandLines.option("--tls-version", "1.2|1.3", String.class, "Offer only this TLS version.");
    private final OptionSpec authProbeOpt = CommandLines.flag(
            "--auth-probe", "Try a login with deliberately invalid credentials, to see the server's login policy.");
    private final OptionSpec userOpt = CommandLines.option(
            "--user",
            "NAME",
            String.class,
            "Probe login with this real user; the password comes from $" + PASSWORD_ENV
                    + " or --password-stdin. Never shown or logged.");
    private final OptionSpec passwordStdinOpt =
            CommandLines.flag("--password-stdin", "Read the --user password from the first line of standard input.");
    private final OptionSpec authPlaintextOpt = CommandLines.flag(
            "--auth-plaintext",
            "Allow the made-up login of --auth-probe on an unencrypted channel (off by default); never with --user.");
    private final OptionSpec transcriptOpt = CommandLines.flag(
            "--transcript", "Add the C:/S: transcript to the text or Markdown card (JSON always has it).");
    private final OptionSpec noLegacyCheckOpt = CommandLines.flag(
            "--no-legacy-check", "Skip the second connection that checks whether TLS 1.0/1.1 are still accepted.");

    // What was parsed, read from the options above when the command runs.
    List<String> words = List.of();

    @Nullable
    String timeout;

    boolean deep;

    @Nullable
    String ehloName;

    @Nullable
    String sni;

    @Nullable
    Path caFile;

    @Nullable
    String tlsVersion;

    boolean authProbe;

    @Nullable
    String user;

    boolean passwordStdin;
    boolean authPlaintext;
    boolean transcript;
    boolean noLegacyCheck;

    /** The command's model, bound to this instance, in the order its help lists the options. */
    CommandSpec spec() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("probe");
        spec.usageMessage()
                .description(
                        "Probe one mail server: greeting, capabilities, STARTTLS, TLS handshake, certificate, diagnosis.",
                        "Exit codes: 0 ok, 1 warnings, 2 failure, 64 bad usage.")
                .sortOptions(false);
        spec.addPositional(wordsArg);
        format.addTo(spec);
        for (OptionSpec o : List.of(
                timeoutOpt,
                deepOpt,
                ehloNameOpt,
                sniOpt,
                caFileOpt,
                tlsVersionOpt,
                authProbeOpt,
                userOpt,
                passwordStdinOpt,
                authPlaintextOpt,
                transcriptOpt,
                noLegacyCheckOpt)) {
            spec.addOption(o);
        }
        return CommandLines.withStandardHelp(spec);
    }

    private void readParsed() {
        List<String> w = wordsArg.getValue();
        words = w == null ? List.of() : w;
        timeout = timeoutOpt.getValue();
        deep = Boolean.TRUE.equals(deepOpt.getValue());
        ehloName = ehloNameOpt.getValue();
        sni = sniOpt.getValue();
        caFile = caFileOpt.getValue();
        tlsVersion = tlsVersionOpt.getValue();
        authProbe = Boolean.TRUE.equals(authProbeOpt.getValue());
        user = userOpt.getValue();
        passwordStdin = Boolean.TRUE.equals(passwordStdinOpt.getValue());
        authPlaintext = Boolean.TRUE.equals(authPlaintextOpt.getValue());
        transcript = Boolean.TRUE.equals(transcriptOpt.getValue());
        noLegacyCheck = Boolean.TRUE.equals(noLegacyCheckOpt.getValue());
    }

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
        readParsed();
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
