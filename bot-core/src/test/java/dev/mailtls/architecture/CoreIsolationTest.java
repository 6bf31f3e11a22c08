package dev.mailtls.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DESIGN.md: bot-core depends on no chat platform and no HTTP framework. */
class CoreIsolationTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mailtls");

    @Test
    void botCoreImportsNoSlackJdaOrJavalinClass() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.slack..", "net.dv8tion..", "io.javalin..", "org.eclipse.jetty..")
                .because("bot-core is the product's heart; front ends depend on it, never the reverse")
                .check(CORE);
    }

    @Test
    void botCoreImportsNoStorageOrCommandLineLibrary() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.sql..",
                        "javax.sql..",
                        "org.flywaydb..",
                        "com.zaxxer..",
                        "org.h2..",
                        "org.postgresql..",
                        "picocli..")
                .because("history is stored by history-jdbc and the command line is parsed by app; bot-core takes"
                        + " both through its own seams")
                .check(CORE);
    }

    @Test
    void botCoreImportsNoOtherModule() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.mailtls.slack..",
                        "dev.mailtls.discord..",
                        "dev.mailtls.http..",
                        "dev.mailtls.history..",
                        "dev.mailtls.app..")
                .because("the adapters and the app depend on bot-core, never the reverse")
                .check(CORE);
    }

    /**
     * A chat front end is a plug-in ({@code dev.mailtls.frontend}): its destination kind, id
     * format, messages and the way it writes a suggested probe ({@code TryCommand.Form}) live in its
     * module, so no class of the core holds a platform's name, not even in a string.
     */
    @Test
    void noCoreClassNamesAChatPlatform() throws IOException {
        List<String> named = new ArrayList<>();
        for (JavaClass c : CORE) {
            String resource = "/" + c.getName().replace('.', '/') + ".class";
            try (InputStream in = CoreIsolationTest.class.getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                if (bytes.contains("slack") || bytes.contains("discord")) {
                    named.add(c.getName());
                }
            }
        }
        assertThat(CORE.stream().map(JavaClass::getPackageName)).contains("dev.mailtls.frontend");
        assertThat(named).as("classes naming Slack or Discord").isEmpty();
    }

    @Test
    void thereAreCoreClassesToCheck() {
        org.assertj.core.api.Assertions.assertThat(CORE.size()).isGreaterThan(20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.slack.api.bolt.App", "net.dv8tion.jda.api.JDA", "io.javalin.Javalin"})
    void frontEndLibrariesAreNotOnBotCoresClasspath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
