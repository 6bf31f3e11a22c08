package dev.mailtls.app;

import dev.mailtls.http.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;

/**
 * {@code mailtls healthcheck}: asks the local server's {@code /healthz}, for Docker's HEALTHCHECK
 * (the JRE image has no curl). Exit 0 on 200 within {@link #DEADLINE}, else 1.
 */
@Command(
        name = "healthcheck",
        description = {
            "Exit 0 when the server answers GET " + WebServer.HEALTH_PATH
                    + " with 200 within 5 s, else 1 (64: bad configuration).",
            "The address is serve's: $MAILTLS_HTTP_ADDR, else http_addr in the file named by $MAILTLS_CONFIG,"
                    + " else 127.0.0.1:8080;",
            "0.0.0.0 and :: are asked on 127.0.0.1. For Docker's HEALTHCHECK."
        },
        mixinStandardHelpOptions = true)
final class HealthcheckCommandLine implements Callable<Integer> {
    static final Duration DEADLINE = Duration.ofSeconds(5);

    private final Console console;

    HealthcheckCommandLine(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws InterruptedException {
        MailtlsVariables.warn(console);
        HttpAddress addr;
        try {
            addr = ServeConfigLoader.httpAddr(console.env());
        } catch (ConfigException e) {
            console.err().println("mailtls: " + MailtlsCli.oneLine(e.getMessage()));
            return ExitCodes.USAGE;
        }
        HttpAddress local = addr.forLocalClient();
        String url = local.url(local.port()) + WebServer.HEALTH_PATH;
        HttpClient client = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(DEADLINE)
                    .GET()
                    .build();
            HttpResponse<Void> response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() == 200) {
                console.out().println("healthy: " + url);
                return ExitCodes.OK;
            }
            console.err().println("mailtls: unhealthy: " + url + " answered " + response.statusCode());
            return 1;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            console.err()
                    .println("mailtls: unhealthy: " + url + ": "
                            + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + MailtlsCli.oneLine(cause.getMessage())));
            return 1;
        } catch (TimeoutException e) {
            console.err()
                    .println("mailtls: unhealthy: " + url + " did not answer within " + DEADLINE.toSeconds() + " s");
            return 1;
        } finally {
            client.shutdownNow();
        }
    }
}
