package dev.mailtls.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Pieces of picocli's programmatic model shared by the commands declared without annotations (the
 * top level, {@code probe} and the card options).
 *
 * <p>Why not annotations there: picocli reads annotations by reflection, and the JDK makes a proxy
 * class for every annotation type on first use, which no JVM start-up cache keeps: on a cold
 * command line that was about 50 ms of picocli's 60-70 ms, and about three times that while the
 * second core prepares TLS. The commands a cold probe does not run keep their annotations.
 */
final class CommandLines {
    private CommandLines() {}

    /** A boolean option that takes no value. */
    static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name)
                .type(boolean.class)
                .arity("0")
                .description(description)
                .build();
    }

    /** An option with one value of {@code type}, shown as {@code label} in the help. */
    static OptionSpec option(String name, String label, Class<?> type, String description) {
        return OptionSpec.builder(name)
                .type(type)
                .paramLabel(label)
                .description(description)
                .build();
    }

    /**
     * {@code -h, --help} and {@code -V, --version}, as picocli's {@code mixinStandardHelpOptions}
     * writes them (whose mixin is itself annotated).
     */
    static CommandSpec withStandardHelp(CommandSpec command) {
        return command.addOption(OptionSpec.builder("-h", "--help")
                        .usageHelp(true)
                        .description("Show this help message and exit.")
                        .build())
                .addOption(OptionSpec.builder("-V", "--version")
                        .versionHelp(true)
                        .description("Print version information and exit.")
                        .build());
    }
}
