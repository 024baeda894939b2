package io.polyface.conformance;

import java.util.List;

/**
 * The operations a test sends one by one and expects to answer one code, for a {@link Proves} that
 * names them by this table ({@link Proves#operationsOf()}) instead of repeating their names.
 * Implementations are classes with a no-argument constructor.
 */
public interface OperationTable {
    /** The operations, as the contract names them, that the table expects to answer {@code code}. */
    List<String> operationsAnswering(String code);

    /** No table: the operations are only those {@link Proves#operation()} lists. */
    final class None implements OperationTable {
        @Override
        public List<String> operationsAnswering(String code) {
            return List.of();
        }
    }
}
