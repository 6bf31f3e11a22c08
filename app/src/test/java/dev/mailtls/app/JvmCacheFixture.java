package dev.mailtls.app;

/**
 * The main class of the small jar {@link JvmCacheTest} runs through the launcher's cache code: it
 * prints one JSON line, as {@code --json} does, and exits 64 (bad usage) when an argument is {@code
 * fail}; with {@code JVM_CACHE_FIXTURE_MARK} set, it writes that file when the launcher says the
 * run records the cache.
 */
public final class JvmCacheFixture {
    private JvmCacheFixture() {}

    public static void main(String[] args) throws java.io.IOException {
        // The launcher tells the run that records the cache (Rendered.JVM_CACHE_TRAINING).
        String mark = System.getenv("JVM_CACHE_FIXTURE_MARK");
        if (mark != null && Boolean.getBoolean("mailtls.jvmCacheTraining")) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(mark), "recording");
        }
        System.out.println("{\"args\":" + args.length + "}");
        // 64 is ExitCodes.USAGE; the jar holds this class alone.
        System.exit(java.util.List.of(args).contains("fail") ? 64 : 0);
    }
}
