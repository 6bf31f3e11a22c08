package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * picocli comes from picocli-java21 (its published sources compiled here for Java 21), not from
 * picocli's own jar of Java 5 classes: the JVM's start-up cache skips classes that old, and every
 * command-line run then loaded and verified picocli's 170 classes from the jar (docs/cli.md).
 */
class PicocliBytecodeTest {
    private static int majorVersion(Class<?> c) throws IOException {
        String resource = c.getName().replace('.', '/') + ".class";
        try (InputStream in = Objects.requireNonNull(c.getClassLoader().getResourceAsStream(resource), resource);
                DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        }
    }

    @Test
    void picocliIsJava21BytecodeThatTheStartUpCacheKeeps() throws IOException {
        // 65 is Java 21's class-file version; picocli's own jar has 49 (Java 5).
        assertThat(majorVersion(picocli.CommandLine.class)).isEqualTo(65);
        assertThat(majorVersion(picocli.CommandLine.Help.class)).isEqualTo(65);
        assertThat(majorVersion(MailtlsCli.class)).isEqualTo(65);
    }
}
