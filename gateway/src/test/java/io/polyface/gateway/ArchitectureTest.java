package io.polyface.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The gateway knows the SPI and Helidon; engines and their libraries stay behind the SPI. */
class ArchitectureTest {
    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.polyface.gateway");

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
    void noGenericExceptionsAreThrown() {
        noClasses().that().areNotAssignableTo(Throwable.class)
                .should().callConstructor(RuntimeException.class, String.class)
                .orShould().callConstructor(Exception.class, String.class)
                .check(GATEWAY);
    }
}
