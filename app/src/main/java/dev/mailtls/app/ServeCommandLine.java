package dev.mailtls.app;

import dev.mailtls.net.SystemResolver;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * {@code mailtls serve}: the HTTP API, the web page, health and metrics, configured by environment
 * variables and an optional YAML file, until SIGTERM or SIGINT.
 */
@Command(
        name = "serve",
        description = {
            "Run the HTTP server: the API under /api/v1, the web page at /, /healthz, /readyz, /metrics.",
            "Configured by MAILTLS_* environment variables and the optional YAML file named by MAILTLS_CONFIG"
                    + " (see the README). With no configuration it listens on 127.0.0.1:8080.",
            "Stops gracefully on SIGTERM or SIGINT. Exit codes: 64 bad configuration, 69 cannot listen."
        },
        mixinStandardHelpOptions = true)
final class ServeCommandLine implements Callable<Integer> {
    private final Console console;
    private final Path home;

    ServeCommandLine(Console console, Path home) {
        this.console = console;
        this.home = home;
    }

    @Override
    public Integer call() throws InterruptedException {
        MailtlsVariables.warn(console);
        ServeConfig config;
        try {
            config = ServeConfigLoader.load(console.env(), home);
        } catch (ConfigException e) {
            console.err().println("mailtls: " + MailtlsCli.oneLine(e.getMessage()));
            return ExitCodes.USAGE;
        }
        MailtlsServer server;
        try {
            server = new MailtlsServer(config, new SystemResolver());
        } catch (RuntimeException e) {
            // The history database cannot be opened or migrated: one line, never a stack trace.
            console.err().println("mailtls: " + MailtlsCli.oneLine(e.getMessage()));
            return ExitCodes.UNAVAILABLE;
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            console.err()
                    .println("mailtls: cannot listen on " + config.httpAddr() + ": "
                            + MailtlsCli.oneLine(rootCause(e).getMessage()));
            return ExitCodes.UNAVAILABLE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (docker stop, systemd) and SIGINT (Ctrl-C) run the hooks: drain, then stop.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "mailtls-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
