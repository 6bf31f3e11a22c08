package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probe --ca-file}, {@code MAILTLS_CA_FILE} and the YAML {@code ca_file} refuse a device
 * the same way, on one line (exit 64 on the CLI), instead of reading it for ever.
 */
@Timeout(30)
class CaFileSettingTest {
    @TempDir
    Path tmp;

    @Test
    void probeWithCaFileDevZeroExits64OnOneLine() {
        MailtlsCliUsageTest.Run r =
                MailtlsCliUsageTest.run(Map.of(), "probe", "mail.example.com", "587", "--ca-file", "/dev/zero");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .startsWith("mailtls: --ca-file: the CA file /dev/zero is not a regular file")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(r.err().lines().findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains("/dev/zero"));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void serveRefusesCaFileDevZeroFromTheEnvironmentAndTheFile() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_DATA_HOME", tmp.resolve("xdg").toString());
        env.put("MAILTLS_CA_FILE", "/dev/zero");
        assertThat(failure(env))
                .isEqualTo("MAILTLS_CA_FILE: the CA file /dev/zero is not a regular file"
                        + " (a device or pipe cannot be a CA file)");

        Path yaml = Files.writeString(tmp.resolve("mailtls.yaml"), "ca_file: /dev/zero\n", StandardCharsets.UTF_8);
        env.remove("MAILTLS_CA_FILE");
        env.put("MAILTLS_CONFIG", yaml.toString());
        assertThat(failure(env))
                .contains("ca_file")
                .contains("/dev/zero is not a regular file")
                .doesNotContain("\n");
    }

    private String failure(Map<String, String> env) {
        try {
            ServeConfig c = ServeConfigLoader.load(env, tmp.resolve("home"));
            throw new AssertionError("expected a configuration error, got " + c);
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }
}
