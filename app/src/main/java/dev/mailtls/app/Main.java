package dev.mailtls.app;

import dev.mailtls.probe.Prober;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {}

    /** The commands that probe at once (the launcher's start-up cache is built from one of them). */
    static final Set<String> PROBING = Set.of("probe", "domain", "provider", "scan");

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        if (!command.equals("serve")) {
            // One command, then exit: no virtual-thread pollers for the JVM to wait for at exit.
            Prober.forOneShotProcess();
        }
        Prober prober = Prober.system();
        if (PROBING.contains(command)) {
            // A cold JVM's first handshake work, on the second core while the arguments are parsed
            // and the server is connected and greeted.
            prober.prepareFirstProbe();
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = new MailtlsCli(
                        prober,
                        System.getenv(),
                        System.in,
                        out,
                        err,
                        System.console() != null,
                        Console.systemTerminalCharset())
                .execute(args);
        System.exit(code);
    }
}
