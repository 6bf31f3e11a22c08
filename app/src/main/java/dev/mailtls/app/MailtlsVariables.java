package dev.mailtls.app;

import dev.mailtls.command.CommandParser;
import dev.mailtls.command.DidYouMean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every {@code MAILTLS_*} environment variable that mailtls, its launcher or the scripts beside it
 * read. Any other is a typo that would otherwise be ignored without a word (a mistyped address
 * variable leaves the server on its default address), so the commands that read the configuration
 * warn about it. {@code MailtlsVariablesTest} keeps this list equal to what the code and the
 * scripts read and the README documents.
 */
final class MailtlsVariables {
    static final String PREFIX = "MAILTLS_";

    /** Read outside the server's settings, each by the program its comment names. */
    static final List<String> OTHERS = List.of(
            ProbeCommandLine.PASSWORD_ENV, // mailtls probe --user
            "MAILTLS_JAVA_OPTS", // ./mailtls: options for the JVM
            "MAILTLS_JVM_CACHE", // ./mailtls: off runs without the start-up cache
            "MAILTLS_JDK_DIRS", // .ci/java-home.sh: where to look for JDKs (default /usr/lib/jvm)
            "MAILTLS_REQUIRE_INTEROP", // ./run-tests: a missing Postfix, Dovecot or browser fails
            "MAILTLS_SKIP_BUILD", // bench/*: run the last build again
            "MAILTLS_BENCH_HOLD", // bench/domain: keep the servers up for N seconds after the runs
            "MAILTLS_URL", // examples/runbook-check-mail.sh
            "MAILTLS_TOKEN", // examples/runbook-check-mail.sh and the README's curl examples
            "MAILTLS_FAIL_ON"); // examples/runbook-check-mail.sh

    private MailtlsVariables() {}

    /** The server's settings, {@code MAILTLS_CONFIG}, then {@link #OTHERS}. */
    static List<String> known() {
        return Stream.of(
                        Arrays.stream(ServeSetting.values()).map(ServeSetting::env),
                        Stream.of(ServeSetting.CONFIG_ENV),
                        OTHERS.stream())
                .flatMap(s -> s)
                .toList();
    }

    /**
     * One line per set variable whose name starts with {@code MAILTLS_} (in any case) and is not
     * known, with the known name it is closest to. Never the value: it may be a secret.
     */
    static List<String> warnings(Map<String, String> env) {
        List<String> known = known();
        List<String> suffixes =
                known.stream().map(k -> k.substring(PREFIX.length())).toList();
        List<String> lines = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.length() < PREFIX.length()
                    || !name.toUpperCase(Locale.ROOT).startsWith(PREFIX)
                    || known.contains(name)) {
                continue;
            }
            String suggestion = DidYouMean.closest(name.substring(PREFIX.length()), suffixes)
                    .map(s -> "; did you mean " + PREFIX + s + "?")
                    .orElse("");
            lines.add("warning: " + CommandParser.clip(name) + " is not a mailtls setting (ignored)" + suggestion);
        }
        return List.copyOf(lines);
    }

    /** Prints {@link #warnings} to the console's stderr. */
    static void warn(Console console) {
        warnings(console.env()).forEach(line -> console.err().println("mailtls: " + line));
    }
}
