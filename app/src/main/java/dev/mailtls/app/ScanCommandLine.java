package dev.mailtls.app;

import dev.mailtls.probe.Prober;
import dev.mailtls.summary.HostScan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailtls scan mail.example.com}: the standard mail ports of one host, one matrix card. */
@Command(
        name = "scan",
        description = {
            "Probe the standard mail ports of one host; one matrix.",
            "The ports are 25, 465, 587, 143, 993, 110 and 995, each with the transport its port implies.",
            "Exit codes: 0 ok, 1 warnings, 2 failure."
        },
        mixinStandardHelpOptions = true)
final class ScanCommandLine implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST", description = "a mail server name or IP address")
    String host = "";

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--markdown", description = "Print the summary as Markdown.")
    boolean markdown;

    private final Prober prober;
    private final Console console;

    ScanCommandLine(Prober prober, Console console) {
        this.prober = prober;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        return LocalGroupRun.printMatrix(prober, console, HostScan.of(host), json, markdown);
    }
}
