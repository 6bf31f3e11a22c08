package dev.mailtls.app;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/** What a command sees of the world: environment, standard streams, whether stdout is a terminal. */
record Console(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err, boolean tty) {}
