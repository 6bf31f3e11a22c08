package dev.mailtls.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import dev.mailtls.app.Main;
import dev.mailtls.discord.DiscordEmbedRenderer;
import dev.mailtls.history.JdbcHistoryStore;
import dev.mailtls.http.HttpSettings;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.slack.SlackSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The modules' main classes, each taken from where its module was built (a classes directory or a
 * jar), so the rules follow the modules rather than a list of package names. bot-core is the heart;
 * the front ends and the history store each depend on it alone; only app wires them together.
 */
class ModuleLayeringTest {
    private static final Map<String, Set<String>> MODULES;
    private static final JavaClasses ALL;

    static {
        Map<String, Class<?>> anchors = new LinkedHashMap<>();
        anchors.put("bot-core", ProbeResult.class);
        anchors.put("adapters-slack", SlackSettings.class);
        anchors.put("adapters-discord", DiscordEmbedRenderer.class);
        anchors.put("http-webhook", HttpSettings.class);
        anchors.put("history-jdbc", JdbcHistoryStore.class);
        anchors.put("app", Main.class);
        Map<String, Set<String>> modules = new LinkedHashMap<>();
        anchors.forEach((module, anchor) -> modules.put(
                module,
                new ClassFileImporter()
                        .importLocations(Set.of(builtBeside(anchor))).stream()
                                .map(JavaClass::getName)
                                .collect(Collectors.toUnmodifiableSet())));
        MODULES = Map.copyOf(modules);
        ALL = new ClassFileImporter()
                .importLocations(anchors.values().stream()
                        .map(ModuleLayeringTest::builtBeside)
                        .collect(Collectors.toSet()));
    }

    /** Where the module holding {@code anchor} was built: its classes directory or its jar. */
    private static Location builtBeside(Class<?> anchor) {
        try {
            URI where =
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI();
            return where.getPath().endsWith(".jar")
                    ? Location.of(URI.create("jar:" + where + "!/"))
                    : Location.of(where);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no location for " + anchor.getName(), e);
        }
    }

    private static DescribedPredicate<JavaClass> in(String module) {
        Set<String> names = MODULES.get(module);
        return DescribedPredicate.describe(module, c -> names.contains(c.getName()));
    }

    @Test
    void noPackageCycleInAnyModule() {
        slices().matching("dev.mailtls.(*)..").should().beFreeOfCycles().check(ALL);
    }

    @Test
    void botCoreDependsOnNoOtherModuleAndTheAdaptersOnlyOnBotCore() {
        LayeredArchitecture modules = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("bot-core")
                .definedBy(in("bot-core"))
                .layer("adapters-slack")
                .definedBy(in("adapters-slack"))
                .layer("adapters-discord")
                .definedBy(in("adapters-discord"))
                .layer("http-webhook")
                .definedBy(in("http-webhook"))
                .layer("history-jdbc")
                .definedBy(in("history-jdbc"))
                .layer("app")
                .definedBy(in("app"))
                .whereLayer("bot-core")
                .mayOnlyBeAccessedByLayers("adapters-slack", "adapters-discord", "http-webhook", "history-jdbc", "app")
                .whereLayer("adapters-slack")
                .mayOnlyBeAccessedByLayers("app")
                .whereLayer("adapters-discord")
                .mayOnlyBeAccessedByLayers("app")
                .whereLayer("http-webhook")
                .mayOnlyBeAccessedByLayers("app")
                .whereLayer("history-jdbc")
                .mayOnlyBeAccessedByLayers("app")
                .whereLayer("app")
                .mayNotBeAccessedByAnyLayer();
        modules.check(ALL);
    }

    /**
     * A chat front end is a plug-in: the app names each platform once, in the list of modules, and
     * configures, runs and posts through the {@code dev.mailtls.frontend} interfaces everywhere else.
     */
    @Test
    void onlyTheListOfFrontEndsNamesAChatPlatform() {
        noClasses()
                .that(in("app"))
                .and()
                .doNotHaveFullyQualifiedName("dev.mailtls.app.FrontEnds")
                .should()
                .dependOnClassesThat(in("adapters-slack").or(in("adapters-discord")))
                .because("adding a front end is a module plus one line in FrontEnds.ALL")
                .check(ALL);
    }

    /** bot-core's plumbing under {@code dev.mailtls.internal} is for bot-core alone. */
    private static final com.tngtech.archunit.lang.ArchRule NO_INTERNAL_FROM_OUTSIDE = noClasses()
            .that(DescribedPredicate.not(in("bot-core")))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.mailtls.internal..")
            .because("the other modules use bot-core's public packages; internal ones may change at any time");

    @Test
    void noOtherModuleUsesBotCoresInternalPackages() {
        NO_INTERNAL_FROM_OUTSIDE.check(ALL);
    }

    @Test
    void theInternalRuleCatchesAModuleThatReachesIn() {
        JavaClasses planted = new ClassFileImporter().importClasses(ReachesIn.class);
        assertThat(NO_INTERNAL_FROM_OUTSIDE.evaluate(planted).hasViolation()).isTrue();
    }

    /** What another module must not do: hold a type of bot-core's internal packages. */
    static final class ReachesIn {
        dev.mailtls.internal.io.@org.jspecify.annotations.Nullable Deadline deadline;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bot-core", "adapters-slack", "adapters-discord", "http-webhook", "history-jdbc", "app"})
    void everyModuleHasClassesToCheck(String module) {
        assertThat(MODULES.get(module)).hasSizeGreaterThan(5);
        assertThat(ALL.stream().filter(in(module))).isNotEmpty();
    }
}
