package dev.mailtls.bench;

import dev.mailtls.command.CommandParser;
import dev.mailtls.command.UsageException;
import dev.mailtls.testing.CommandFuzz;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * The command-grammar fuzz at scale (CI runs 4,000 cases of the same generator): every generated
 * text must end as a command or a one-line usage error that quotes no raw control, format or
 * separator character, never another exception. Prints how the cases ended and each violation
 * with the seed and case number that reproduce it; exit 1 on any violation, 2 on bad arguments.
 */
public final class CommandFuzzCheck {
    private static final int SHOWN = 20;

    private CommandFuzzCheck() {}

    public static void main(String[] args) {
        long cases = 1_000_000;
        long seed = 1;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--cases" -> cases = Long.parseLong(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (cases < 1) {
                throw new IllegalArgumentException("--cases must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("command-fuzz: " + e.getMessage() + "\nusage: command-fuzz [--cases N] [--seed S]");
            System.exit(2);
            return;
        }
        System.exit(run(cases, seed) ? 0 : 1);
    }

    static boolean run(long cases, long seed) {
        AtomicLong commands = new AtomicLong();
        AtomicLong usageErrors = new AtomicLong();
        AtomicLong chars = new AtomicLong();
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime();
        LongStream.range(0, cases).parallel().forEach(i -> {
            String text = CommandFuzz.text(seed, i);
            chars.addAndGet(text.length());
            CommandFuzz.violation(text)
                    .ifPresentOrElse(
                            v -> violations.add("seed " + seed + " case " + i + ": " + v + "\n    text: "
                                    + CommandFuzz.escape(text)),
                            () -> {
                                try {
                                    CommandParser.parse(text);
                                    commands.incrementAndGet();
                                } catch (UsageException e) {
                                    usageErrors.incrementAndGet();
                                }
                            });
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "mailtls command-grammar fuzz: %d cases, seed %d, %d cores, Java %s%n",
                cases, seed, Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf(
                "  ended as     %d commands, %d usage errors, %d violations%n",
                commands.get(), usageErrors.get(), violations.size());
        System.out.printf("  input        %.1f MB of text%n", chars.get() / 1e6);
        System.out.printf("  wall         %.1f s, %.0f cases/s%n", seconds, cases / seconds);
        violations.stream().sorted().limit(SHOWN).forEach(v -> System.out.println("  VIOLATION " + v));
        System.out.println("command-fuzz: " + (violations.isEmpty() ? "PASS" : "FAIL"));
        return violations.isEmpty();
    }
}
