package dev.mailtls.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.Slices;
import org.junit.jupiter.api.Test;

/**
 * bot-core's packages form a layering, not a tangle: {@code protocol} speaks the dialects, {@code probe}
 * runs them, {@code diagnosis} reads the result, {@code card} shows it. A cycle between two packages
 * means neither can be understood (or moved) without the other.
 */
class PackageCycleTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mailtls");

    @Test
    void botCorePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("dev.mailtls.(*)..")
                .should()
                .beFreeOfCycles()
                .because("the auth values live in dev.mailtls.auth so protocol and probe need not import each"
                        + " other; probe formats its own durations (HumanTime) instead of borrowing diagnosis'")
                .check(CORE);
    }

    @Test
    void theRuleSeesEveryCorePackage() {
        Slices packages = Slices.matching("dev.mailtls.(*)..").transform(CORE);
        assertThat(packages).extracting(s -> s.getDescription()).hasSizeGreaterThanOrEqualTo(10);
    }
}
