package dev.mailtls.app;

import picocli.CommandLine.Option;

/** The output options of every command that prints a group summary ({@code summary}, {@code provider}, {@code scan}). */
final class SummaryFormat {
    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--markdown", description = "Print the summary as Markdown.")
    boolean markdown;
}
