package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ports and addresses in serve's configuration are ASCII: other scripts' digits are refused, not read. */
class ServeConfigAsciiTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MAILTLS_ALLOW_PORTS | \uFF12\uFF15",
                "MAILTLS_ALLOW_PORTS | 25,\u0665\u0668\u0667",
                "MAILTLS_ALLOW_CIDRS | fd00::\uFF11/64",
                "MAILTLS_ALLOW_CIDRS | 10.0.0.0/\uFF18",
                "MAILTLS_DENY_CIDRS | \u0661\u0660.0.0.0/8"
            })
    void nonAsciiDigitsAreRefusedWithTheSetting(String variable, String value) {
        assertThatThrownBy(() -> ServeConfigLoader.load(
                        Map.of(
                                variable,
                                value,
                                "MAILTLS_DATA_DIR",
                                tmp.resolve("data").toString()),
                        tmp))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(variable);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mx.example.com \uFF12\uFF15 smtp", "mx.\u212Aexample.com 25"})
    void aGroupTargetIsAsciiToo(String target) throws Exception {
        Path yaml = Files.writeString(
                tmp.resolve("mailtls.yaml"), "groups:\n  edge:\n    targets: [ \"" + target + "\" ]\n");
        assertThatThrownBy(() -> ServeConfigLoader.load(
                        Map.of(
                                "MAILTLS_CONFIG",
                                yaml.toString(),
                                "MAILTLS_DATA_DIR",
                                tmp.resolve("data").toString()),
                        tmp))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("edge");
    }
}
