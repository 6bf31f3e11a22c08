package dev.mailtls.app;

/**
 * The main class of the small jar {@link JvmCacheTest} runs through the launcher's cache code: it
 * prints one JSON line, as {@code --json} does, and exits 64 (bad usage) when an argument is {@code
 * fail}.
 */
public final class JvmCacheFixture {
    private JvmCacheFixture() {}

    public static void main(String[] args) {
        System.out.println("{\"args\":" + args.length + "}");
        // 64 is ExitCodes.USAGE; the jar holds this class alone.
        System.exit(java.util.List.of(args).contains("fail") ? 64 : 0);
    }
}
