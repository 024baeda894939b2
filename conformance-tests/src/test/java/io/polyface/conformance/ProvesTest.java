package io.polyface.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cells a {@link Proves} names: the operations it lists, then those of its table that answer its code. */
class ProvesTest {
    /** Two operations answer 401, one of them 404 too. */
    static final class TwoOperations implements OperationTable {
        @Override
        public List<String> operationsAnswering(String code) {
            return code.equals("401") ? List.of("a.list", "a.add") : List.of("a.add");
        }
    }

    @Proves(dialect = "x", operation = "a.info", code = "401", section = "auth", operationsOf = TwoOperations.class)
    @Proves(dialect = "x", code = "404", section = "unknown", operationsOf = TwoOperations.class)
    @Proves(dialect = "x", code = "500", section = "nothing named")
    private void annotated() {
    }

    private static List<Proves> proves() throws NoSuchMethodException {
        return List.of(ProvesTest.class.getDeclaredMethod("annotated").getAnnotationsByType(Proves.class));
    }

    @Test
    void theListedOperationsComeFirstThenTheTablesOnesForTheCode() throws NoSuchMethodException {
        assertThat(TestOutcome.Proven.of(proves().get(0))).containsExactly(
                new TestOutcome.Proven("a.info", "401", Basis.DOC, "auth"),
                new TestOutcome.Proven("a.list", "401", Basis.DOC, "auth"),
                new TestOutcome.Proven("a.add", "401", Basis.DOC, "auth"));
        assertThat(TestOutcome.Proven.of(proves().get(1))).containsExactly(new TestOutcome.Proven("a.add", "404", Basis.DOC, "unknown"));
    }

    @Test
    void aProvesThatNamesNoOperationIsAMistake() throws NoSuchMethodException {
        Proves none = proves().get(2);
        assertThatThrownBy(() -> TestOutcome.Proven.of(none)).isInstanceOf(IllegalStateException.class).hasMessageContaining("names no operation");
    }
}
