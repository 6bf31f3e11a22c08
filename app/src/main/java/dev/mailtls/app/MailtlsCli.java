package dev.mailtls.app;

import dev.mailtls.command.CommandParser;
import dev.mailtls.command.DidYouMean;
import dev.mailtls.command.UsageException;
import dev.mailtls.probe.Prober;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line: {@code mailtls probe <host> [port] [transport] [protocol]}, {@code mailtls
 * serve}, {@code mailtls healthcheck} and {@code mailtls token-hash}. Bad input gets a one-line
 * reason and the usage (exit 64), never a stack trace.
 */
public final class MailtlsCli implements Runnable {
    /** picocli's switch for its lookup of Groovy closures. */
    static final String NO_GROOVY = "picocli.disable.closures";

    /** The probe grammar's words, as the README writes it. */
    static final String PROBE_SYNOPSIS = "<host> [port] [tls|starttls|plain|auto] [smtp|imap|pop3] [options]";

    static {
        // picocli's default factory looks for Groovy's Closure class on first use unless told not
        // to, and looking up a class that is not there reads the index of the whole 50 MB jar: about
        // 40 ms of a cold command line. mailtls has no Groovy.
        if (System.getProperty(NO_GROOVY) == null) {
            System.setProperty(NO_GROOVY, "true");
        }
    }

    private final Prober prober;
    /** Null: the system's DNS (dnsjava), chosen only when {@code domain} runs. */
    private @Nullable DomainDnsFactory domainDns;

    private final Console console;
    private final PrintStream out;
    private final PrintStream err;

    public MailtlsCli(
            Prober prober, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err, boolean tty) {
        this(prober, env, stdin, out, err, tty, StandardCharsets.UTF_8);
    }

    /** @param terminalCharset what the terminal (or the locale) reads stdout as; not UTF-8 drops the emoji */
    public MailtlsCli(
            Prober prober,
            Map<String, String> env,
            InputStream stdin,
            PrintStream out,
            PrintStream err,
            boolean tty,
            java.nio.charset.Charset terminalCharset) {
        this.prober = prober;
        this.console = new Console(env, stdin, out, err, tty, terminalCharset);
        this.out = out;
        this.err = err;
    }

    /** What a missing positional parameter is, in words: probe's words start with the host. */
    static String missing(String label) {
        return switch (label) {
            case "WORD" -> "a host to probe, e.g. mailtls probe smtp.gmail.com 587 starttls";
            case "DOMAIN" -> "a mail domain, e.g. mailtls domain example.com";
            case "GROUP" -> "the name of a configured group";
            default -> "its " + label.replaceAll("[<>]", "").toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Runs the command line and returns the exit code. */
    public int execute(String... args) {
        // A command line that starts with a command builds only that one: picocli reads every
        // option of every command it is given, and a probe has no use for serve's or domain's.
        CommandLine cli = commandLine(args.length > 0 && COMMANDS.contains(args[0]) ? args[0] : null);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            // picocli itself answers "mailtls nosuch --help" with the top-level help (exit 0): with
            // help asked for, it does not count unmatched words as an error.
            String unknown = null;
            if (c == cli && ex instanceof CommandLine.UnmatchedArgumentException u) {
                List<String> unmatched = u.getUnmatched();
                unknown = unmatched.isEmpty() || unmatched.get(0).startsWith("-") ? null : unmatched.get(0);
            } else if (c == cli
                    && ex.getValue() != null
                    && oneLine(ex.getMessage()).startsWith("Unknown subcommand")) {
                unknown = ex.getValue(); // "mailtls help nosuch"
            }
            if (unknown != null) {
                List<String> commands = commandNames(cli);
                err.println("mailtls: unknown command '" + CommandParser.clip(unknown) + "': "
                        + DidYouMean.closest(unknown, commands)
                                .map(known -> "did you mean " + known + "?")
                                .orElse("the commands are " + String.join(", ", commands)));
            } else if (ex instanceof CommandLine.MissingParameterException m
                    && !m.getMissing().isEmpty()
                    && m.getMissing().stream()
                            .allMatch(spec -> spec instanceof CommandLine.Model.PositionalParamSpec)) {
                // picocli's "Missing required parameter: 'WORD'" names a label, not what to type.
                err.println("mailtls: " + c.getCommandName() + " needs "
                        + String.join(
                                " and ",
                                m.getMissing().stream()
                                        .map(spec -> missing(spec.paramLabel()))
                                        .toList()));
            } else {
                err.println("mailtls: " + oneLine(ex.getMessage()));
            }
            shortUsage(c);
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageException u) {
                err.println("mailtls: " + oneLine(u.getMessage()));
                shortUsage(c);
                return ExitCodes.USAGE;
            }
            err.println("mailtls: internal error: " + oneLine(String.valueOf(ex)));
            return ExitCodes.INTERNAL;
        });
        return cli.execute(args);
    }

    /**
     * One line of usage and where the rest is, after the one-line reason: the whole help would push
     * the reason off the screen.
     */
    private void shortUsage(CommandLine c) {
        String name = c.getCommandSpec().qualifiedName();
        String synopsis = c.getCommandSpec().userObject() instanceof ProbeCommandLine
                ? name + " " + PROBE_SYNOPSIS
                : c.getCommandSpec().userObject() == this
                        ? name + " <" + String.join("|", commandNames(c)) + "> ..."
                        : new CommandLine.Help(c.getCommandSpec())
                                .abbreviatedSynopsis()
                                .strip();
        err.println("usage: " + synopsis);
        err.println("see " + name + " --help");
    }

    /** The subcommands, {@code help} last. */
    private static List<String> commandNames(CommandLine top) {
        List<String> names = new java.util.ArrayList<>(top.getSubcommands().keySet());
        names.remove("help");
        names.add("help");
        return List.copyOf(names);
    }

    /** The same CLI with {@code domain} asking its DNS questions through {@code factory} (a test's zone). */
    MailtlsCli withDomainDns(DomainDnsFactory factory) {
        this.domainDns = factory;
        return this;
    }

    @Override
    public void run() {
        // "mailtls" alone: say what it can do.
        commandLine().usage(out);
    }

    /** The commands, in the order the help lists them ({@code help} comes from picocli). */
    static final List<String> COMMANDS =
            List.of("probe", "domain", "provider", "scan", "summary", "serve", "healthcheck", "token-hash");

    /** The one place the subcommands are wired: every one. */
    CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with every subcommand, or with {@code only} that one when it is not null.
     * The top level is declared through picocli's programmatic model ({@link CommandLines} says
     * why); {@code help} is there only when no command is named.
     */
    private CommandLine commandLine(@Nullable String only) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("mailtls");
        spec.usageMessage()
                .description("Tests mail servers' TLS: SMTP, IMAP and POP3 over implicit TLS, STARTTLS and plaintext.");
        spec.versionProvider(new Version());
        CommandLine top = new CommandLine(CommandLines.withStandardHelp(spec));
        if (only == null) {
            top.addSubcommand("help", new CommandLine.HelpCommand());
        }
        for (String name : COMMANDS) {
            if (only == null || only.equals(name)) {
                top.addSubcommand(name, subcommand(name));
            }
        }
        return top;
    }

    private Object subcommand(String name) {
        Path home = Path.of(System.getProperty("user.home", "."));
        return switch (name) {
            case "probe" -> new ProbeCommandLine(prober, console).spec();
            case "domain" -> {
                DomainCommandLine domain = new DomainCommandLine(
                        prober, console, domainDns != null ? domainDns : DomainCommandLine.DNSJAVA);
                CommandLine c = new CommandLine(domain);
                CommandLines.withStandardHelp(domain.format.addTo(c.getCommandSpec()));
                yield c;
            }
            case "provider" -> new ProviderCommandLine(prober, console);
            case "scan" -> new ScanCommandLine(prober, console);
            case "summary" -> new SummaryCommandLine(prober, console, home);
            case "serve" -> {
                CommandLine serve = new CommandLine(new ServeCommandLine(console, home));
                serve.getCommandSpec().usageMessage().footer(ServeSetting.helpFooter());
                yield serve;
            }
            case "healthcheck" -> new HealthcheckCommandLine(console);
            case "token-hash" -> new TokenHashCommandLine(console);
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").strip();
    }

    /** The version from the jar's manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MailtlsCli.class.getPackage().getImplementationVersion();
            return new String[] {"mailtls " + (v == null ? "dev" : v)};
        }
    }
}
