package dev.mailtls.app;

import dev.mailtls.probe.Prober;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            // One command, then exit: no virtual-thread pollers for the JVM to wait for at exit.
            Prober.forOneShotProcess();
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = new MailtlsCli(
                        Prober.system(),
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
