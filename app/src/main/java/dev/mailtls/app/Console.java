package dev.mailtls.app;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a command sees of the world: environment, standard streams, whether stdout is a terminal,
 * and the charset the terminal (or the locale, when piped) reads stdout in.
 */
record Console(
        Map<String, String> env,
        InputStream stdin,
        PrintStream out,
        PrintStream err,
        boolean tty,
        Charset terminalCharset) {

    Console(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err, boolean tty) {
        this(env, stdin, out, err, tty, StandardCharsets.UTF_8);
    }

    /** Whether stdout's reader shows UTF-8, so emoji and symbols come out as themselves. */
    boolean unicode() {
        return terminalCharset.equals(StandardCharsets.UTF_8);
    }

    /**
     * The JVM's view: {@code stdout.encoding} (the console's, JDK 19+), else {@code
     * native.encoding} (the locale's), else the default charset.
     */
    static Charset systemTerminalCharset() {
        for (String property : new String[] {"stdout.encoding", "native.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
    }
}
