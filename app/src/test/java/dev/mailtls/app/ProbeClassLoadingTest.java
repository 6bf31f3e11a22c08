package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cold {@code mailtls probe} loads what a probe needs and nothing of the other commands nor the
 * server's libraries (issue 15: start-up time). Runs Main in a new JVM with {@code -Xlog:class+load}
 * against a closed loopback port.
 */
class ProbeClassLoadingTest {
    @TempDir
    Path dir;

    @Test
    void probeLoadsNeitherOtherCommandsNorServerLibraries() throws Exception {
        Path log = dir.resolve("classes.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-Xlog:class+load=info:file=" + log,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "probe",
                        "127.0.0.1",
                        "1",
                        "smtp",
                        "plain",
                        "--no-legacy-check",
                        "--timeout",
                        "5s",
                        "--json")
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isEqualTo(ExitCodes.FAILURE);
        assertThat(Files.readString(dir.resolve("out.txt"))).contains("\"schemaVersion\" : 1");

        List<String> loaded = Files.readAllLines(log).stream()
                .map(line -> line.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", ""))
                .map(line -> line.split(" ", 2)[0])
                .toList();
        assertThat(loaded).contains(ProbeCommandLine.class.getName());
        assertThat(loaded.stream()
                        .filter(c -> c.startsWith("dev.mailtls.app.Serve")
                                || c.equals(DomainCommandLine.class.getName())
                                || c.equals(SummaryCommandLine.class.getName())
                                || c.equals(ScanCommandLine.class.getName())
                                || c.equals(MailtlsServer.class.getName())
                                || c.startsWith("io.javalin.")
                                || c.startsWith("org.eclipse.jetty.")
                                || c.startsWith("com.slack.")
                                || c.startsWith("net.dv8tion.")
                                || c.startsWith("org.flywaydb.")
                                || c.startsWith("org.h2.")
                                || c.startsWith("org.xbill.dns."))
                        .toList())
                .isEmpty();
    }
}
