package dev.mailtls.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine's plumbing (the protocol dialects and sessions, deadlines and line reading, the
 * Bouncy Castle handshakes, duration wording) lives under {@code dev.mailtls.internal}: public
 * only so that bot-core's own packages can share it. No public signature of bot-core's other
 * packages hands an internal type out, so another module cannot reach one even through an
 * accessor; app's {@code ModuleLayeringTest} checks that no other module imports one.
 */
class InternalBoundaryTest {
    static final String INTERNAL = "dev.mailtls.internal";

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mailtls");

    /** The public and protected members of {@code c}, with every type their signatures name. */
    static List<String> exposedInternals(JavaClass c) {
        List<String> found = new ArrayList<>();
        for (JavaMember m : c.getMembers()) {
            Set<JavaModifier> mods = m.getModifiers();
            if (!mods.contains(JavaModifier.PUBLIC) && !mods.contains(JavaModifier.PROTECTED)) {
                continue;
            }
            List<JavaType> types = new ArrayList<>();
            if (m instanceof JavaCodeUnit u) {
                types.add(u.getReturnType());
                types.addAll(u.getParameterTypes());
            } else if (m instanceof JavaField f) {
                types.add(f.getType());
            }
            for (JavaType t : types) {
                for (JavaClass raw : t.getAllInvolvedRawTypes()) {
                    if (raw.getPackageName().startsWith(INTERNAL)) {
                        found.add(m.getFullName() + " names " + raw.getName());
                    }
                }
            }
        }
        return found;
    }

    private static final ArchCondition<JavaClass> EXPOSE_NO_INTERNAL_TYPE =
            new ArchCondition<>("name no internal type in a public or protected signature") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    for (String v : exposedInternals(c)) {
                        events.add(SimpleConditionEvent.violated(c, v));
                    }
                }
            };

    @Test
    void noPublicSignatureOutsideInternalHandsOutAnInternalType() {
        classes()
                .that()
                .resideOutsideOfPackage(INTERNAL + "..")
                .and()
                .arePublic()
                .should(EXPOSE_NO_INTERNAL_TYPE)
                .check(CORE);
    }

    @Test
    void theRuleSeesAnExposedInternalType() {
        JavaClasses leaky = new ClassFileImporter().importClasses(Leaky.class);
        assertThat(exposedInternals(leaky.get(Leaky.class)))
                .containsExactlyInAnyOrder(
                        Leaky.class.getName() + ".session() names dev.mailtls.internal.protocol.Session",
                        Leaky.class.getName() + ".deadlines(java.util.List) names dev.mailtls.internal.io.Deadline");
    }

    @Test
    void theInternalPackagesHoldTheEnginesPlumbing() {
        assertThat(CORE.stream()
                        .filter(c -> c.getPackageName().startsWith(INTERNAL))
                        .map(JavaClass::getPackageName)
                        .distinct())
                .contains(INTERNAL + ".protocol", INTERNAL + ".io", INTERNAL + ".tls", INTERNAL + ".text");
    }

    /** A class that hands internal types out: what the rule must catch. */
    public static final class Leaky {
        public dev.mailtls.internal.protocol.Session session() {
            return null;
        }

        public void deadlines(List<dev.mailtls.internal.io.Deadline> all) {}

        /** Package-private: not part of the surface. */
        dev.mailtls.internal.tls.TlsHandshake hidden() {
            return null;
        }
    }
}
