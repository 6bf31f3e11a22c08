package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import dev.mailtls.probe.Prober;
import dev.mailtls.summary.TargetGroup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A subcommand that probes a group of targets made from its argument and prints one matrix
 * ({@code provider}, {@code scan}): the output options and the run, once.
 */
abstract class MatrixCommandLine implements Callable<Integer> {
    @Mixin
    SummaryFormat format = new SummaryFormat();

    private final Prober prober;
    private final Console console;

    MatrixCommandLine(Prober prober, Console console) {
        this.prober = prober;
        this.console = console;
    }

    /** The group the argument names; a usage error when it names none. */
    abstract TargetGroup group() throws UsageException;

    @Override
    public final Integer call() throws Exception {
        return LocalGroupRun.printMatrix(prober, console, group(), format.json, format.markdown);
    }
}
