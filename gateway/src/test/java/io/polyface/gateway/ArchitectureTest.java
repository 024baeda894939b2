package io.polyface.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The architecture's rules, checked on the compiled classes. The gateway knows the SPI and
 * Helidon; engines and their libraries stay behind the SPI. Across every module on the gateway's
 * class path (all of {@code io.polyface} but the test suites and tools built on the gateway):
 * neither modules nor packages depend on each other in a cycle, the SPI needs only the JDK, plugins
 * do not know each other, and no product code throws a generic exception or builds a dynamic proxy.
 */
class ArchitectureTest {
    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.polyface.gateway");
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.polyface");

    /**
     * One slice per module, named by its top-level package: {@code io.polyface.spi}, {@code
     * io.polyface.gateway}, and one level deeper for engines and plugins ({@code
     * io.polyface.engine.local}, {@code io.polyface.plugin.qiniu}). A module's sub-packages belong
     * to it, whatever they are.
     */
    private static final SliceAssignment MODULES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String[] parts = type.getPackageName().split("\\.");
            if (parts.length < 3) {
                return SliceIdentifier.ignore();
            }
            boolean oneOfMany = parts[2].equals("engine") || parts[2].equals("plugin");
            int depth = oneOfMany && parts.length > 3 ? 4 : 3;
            return SliceIdentifier.of(String.join(".", Arrays.copyOf(parts, depth)));
        }

        @Override
        public String getDescription() {
            return "the modules of io.polyface";
        }
    };

    private static final Set<String> GENERIC_EXCEPTIONS = Set.of(RuntimeException.class.getName(), Exception.class.getName());

    /** A new generic exception; an exception's own constructor calling its superclass's is not one. */
    private static final DescribedPredicate<JavaConstructorCall> GENERIC_EXCEPTION = DescribedPredicate.describe(
            "a constructor of RuntimeException or Exception", call -> GENERIC_EXCEPTIONS.contains(call.getTargetOwner().getName())
                    && !(call.getOrigin().isConstructor() && call.getOriginOwner().getRawSuperclass()
                            .map(s -> s.equals(call.getTargetOwner())).orElse(false)));

    @Test
    void gatewayDoesNotTouchEngineLibraries() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "ai.onnxruntime..", "org.bytedeco..", "com.mongodb..", "org.bson..",
                        "de.bwaldvogel..", "io.github.resilience4j..", "io.polyface.engine..", "io.polyface.plugin..")
                .check(GATEWAY);
    }

    @Test
    void onlyTheCommandLineWritesToStandardStreams() {
        noClasses().that().doNotHaveSimpleName("Main")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(GATEWAY);
    }

    @Test
    void modulesDoNotDependOnEachOtherInACycle() {
        slices().assignedFrom(MODULES).should().beFreeOfCycles().check(PRODUCT);
    }

    /** Every package is a slice of its own, so inside a module too dependencies run one way. */
    @Test
    void packagesDoNotDependOnEachOtherInACycle() {
        slices().matching("io.polyface.(**)").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void onlyTheLocalEngineUsesEngineLibraries() {
        noClasses().that().resideOutsideOfPackage("io.polyface.engine.local..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "org.bytedeco..")
                .check(PRODUCT);
    }

    @Test
    void theSpiDependsOnTheJdkAlone() {
        classes().that().resideInAPackage("io.polyface.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.polyface.spi..", "java..")
                .check(PRODUCT);
    }

    @Test
    void noPluginDependsOnAnother() {
        slices().matching("io.polyface.plugin.(*)..").should().notDependOnEachOther().check(PRODUCT);
    }

    @Test
    void noGenericExceptionsAreThrown() {
        noClasses().should().callConstructorWhere(GENERIC_EXCEPTION).check(PRODUCT);
    }

    @Test
    void enginesAreDecoratedByForwardingClassesNotDynamicProxies() {
        noClasses().should().dependOnClassesThat().belongToAnyOf(Proxy.class, InvocationHandler.class).check(PRODUCT);
    }
}
