package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
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

    /** picocli's annotations on {@code c}: its class, fields and methods. */
    private static List<String> picocliAnnotations(Class<?> c) {
        List<String> found = new ArrayList<>();
        List<AnnotatedElement> elements = new ArrayList<>(List.of(c));
        elements.addAll(List.of(c.getDeclaredFields()));
        elements.addAll(List.of(c.getDeclaredMethods()));
        for (AnnotatedElement e : elements) {
            for (Annotation a : e.getDeclaredAnnotations()) {
                if (a.annotationType().getName().startsWith("picocli.")) {
                    found.add(e + ": " + a.annotationType().getSimpleName());
                }
            }
        }
        return found;
    }

    /**
     * What a cold {@code mailtls probe} builds is declared through picocli's programmatic model:
     * reading annotations made the JDK generate a proxy class per annotation type, most of picocli's
     * time on a cold command line, and no start-up cache keeps those classes.
     */
    @Test
    void theColdProbePathReadsNoAnnotations() {
        assertThat(picocliAnnotations(MailtlsCli.class)).isEmpty();
        assertThat(picocliAnnotations(ProbeCommandLine.class)).isEmpty();
        assertThat(picocliAnnotations(CardFormat.class)).isEmpty();
        // The check itself sees annotations where they are.
        assertThat(picocliAnnotations(DomainCommandLine.class)).isNotEmpty();
    }

    @Test
    void picocliIsJava21BytecodeThatTheStartUpCacheKeeps() throws IOException {
        // 65 is Java 21's class-file version; picocli's own jar has 49 (Java 5).
        assertThat(majorVersion(picocli.CommandLine.class)).isEqualTo(65);
        assertThat(majorVersion(picocli.CommandLine.Help.class)).isEqualTo(65);
        assertThat(majorVersion(MailtlsCli.class)).isEqualTo(65);
    }

    /**
     * picocli is told not to look for Groovy before it is first used: the lookup of a class that is
     * not there opened and indexed the whole jar on the main thread of every cold command line.
     */
    @Test
    void picocliDoesNotLookForGroovy() throws Exception {
        Class.forName(MailtlsCli.class.getName(), true, MailtlsCli.class.getClassLoader());
        assertThat(System.getProperty(MailtlsCli.NO_GROOVY)).isEqualTo("true");
        assertThat(MailtlsCli.NO_GROOVY).isEqualTo("picocli.disable.closures");
    }
}
