package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import dev.mailtls.probe.Prober;
import dev.mailtls.summary.ProviderPresets;
import dev.mailtls.summary.TargetGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailtls provider gmail}: a provider's published endpoints, one matrix card. */
@Command(
        name = "provider",
        description = {
            "Probe a mail provider's published SMTP submission, IMAP and POP3 endpoints: is it us or them?",
            "Providers: gmail, outlook (office365, microsoft365, hotmail), yahoo, icloud, fastmail, zoho.",
            "Exit codes: 0 ok, 1 warnings, 2 failure, 64 bad usage."
        },
        mixinStandardHelpOptions = true)
final class ProviderCommandLine extends MatrixCommandLine {
    @Parameters(index = "0", paramLabel = "PROVIDER", description = "gmail, outlook, yahoo, icloud, fastmail, zoho")
    String name = "";

    ProviderCommandLine(Prober prober, Console console) {
        super(prober, console);
    }

    @Override
    TargetGroup group() throws UsageException {
        return ProviderPresets.preset(name)
                .orElseThrow(() -> new UsageException("unknown provider '" + name + "'; known: "
                        + String.join(", ", ProviderPresets.names()) + " (aliases: "
                        + String.join(", ", ProviderPresets.aliases().keySet()) + ")"));
    }
}
