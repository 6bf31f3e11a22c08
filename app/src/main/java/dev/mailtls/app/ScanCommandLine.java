package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import dev.mailtls.probe.Prober;
import dev.mailtls.summary.HostScan;
import dev.mailtls.summary.TargetGroup;
import picocli.CommandLine.Command;
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
final class ScanCommandLine extends MatrixCommandLine {
    @Parameters(index = "0", paramLabel = "HOST", description = "a mail server name or IP address")
    String host = "";

    ScanCommandLine(Prober prober, Console console) {
        super(prober, console);
    }

    @Override
    TargetGroup group() throws UsageException {
        return HostScan.of(host);
    }
}
