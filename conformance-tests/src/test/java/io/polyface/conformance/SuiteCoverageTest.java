package io.polyface.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every dialect on the class path has a conformance suite that Surefire runs and whose
 * {@link Proves} claims cover its whole contract, read from the annotations before anything runs.
 * Whether those tests pass is the suites' own business; this is what tells a new dialect which
 * documented cells its suite does not prove yet.
 */
class SuiteCoverageTest {
    private static final String SUITES = "io.polyface.conformance";
    /** The classes of the conformance packages, suites and runners, read once for every test. */
    private static final List<Class<?>> CLASSES = ReflectionSupport.findAllClassesInPackage(SUITES, type -> true, name -> true);

    static Stream<String> dialects() {
        List<String> ids = new ArrayList<>();
        new ConformanceMain.SuiteDialects().forEach(ids::add);
        assertThat(ids).as("dialects on the class path").isNotEmpty();
        return ids.stream();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void surefireRunsTheDialectsSuite(String dialect) {
        String suitePackage = SUITES + "." + dialect;
        List<Class<?>> runners = CLASSES.stream()
                .filter(type -> type.isAnnotationPresent(Suite.class) && type.isAnnotationPresent(SelectPackages.class)
                        && Arrays.asList(type.getAnnotation(SelectPackages.class).value()).contains(suitePackage))
                .toList();

        assertThat(runners).as("a @Suite selecting " + suitePackage + " (as DmaiConformanceSuiteTest selects the DM-AI suite)")
                .isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void theSuiteClaimsEveryDocumentedCell(String dialect) {
        CoverageMatrix matrix = new CoverageMatrix(Contract.load(dialect), claims(dialect));

        List<String> unclaimed = matrix.cells().stream()
                .filter(cell -> cell.status() == CoverageMatrix.CellStatus.UNCOVERED)
                .map(cell -> cell.cell().operation() + " " + cell.cell().code())
                .toList();

        assertThat(unclaimed).as("documented cells of " + dialect + " that no @Proves in " + SUITES + "." + dialect + " claims")
                .isEmpty();
    }

    /**
     * What the vendor's document says is in the contract: a claim resting on the document names a
     * documented cell. Behaviour seen on the real server or only on an emulator may lie outside it
     * (the report lists it as proven beyond the contract).
     */
    @ParameterizedTest
    @MethodSource("dialects")
    void everyClaimOnTheDocumentNamesADocumentedCell(String dialect) {
        CoverageMatrix matrix = new CoverageMatrix(Contract.load(dialect), claims(dialect));

        assertThat(matrix.outsideContract()).as("@Proves of " + dialect + " resting on the document, naming cells its contract lacks")
                .filteredOn(proven -> proven.basis() == Basis.DOC)
                .isEmpty();
    }

    /** Each test method of the conformance packages as a passed outcome carrying its claims of the dialect. */
    private static List<TestOutcome> claims(String dialect) {
        List<TestOutcome> outcomes = new ArrayList<>();
        for (Class<?> type : CLASSES) {
            for (Method method : type.getDeclaredMethods()) {
                List<TestOutcome.Proven> proven = Arrays.stream(method.getAnnotationsByType(Proves.class))
                        .filter(p -> p.dialect().equals(dialect))
                        .flatMap(p -> TestOutcome.Proven.of(p).stream())
                        .toList();
                if (!proven.isEmpty()) {
                    outcomes.add(new TestOutcome(type.getSimpleName() + "." + method.getName(), dialect, proven,
                            TestOutcome.Status.PASS, Duration.ZERO, Optional.empty()));
                }
            }
        }
        return outcomes;
    }
}
