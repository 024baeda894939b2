package io.polyface.conformance;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How one test of a dialect's suite ended.
 *
 * @param name the test's class and display name
 * @param proves the cells it proves (empty for a test that declares none)
 * @param error the failure message or the reason for skipping
 */
public record TestOutcome(String name, String dialect, List<Proven> proves, Status status, Duration duration, Optional<String> error) {

    public enum Status {
        PASS, FAIL, SKIP;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One cell a {@link Proves} of the test names, as plain data. */
    public record Proven(String operation, String code, Basis basis, String section) {
        public Proven {
            requireNonNull(operation, "operation is null");
            requireNonNull(code, "code is null");
            requireNonNull(basis, "basis is null");
            requireNonNull(section, "section is null");
        }

        /** The cells a Proves names: the operations it lists, then those of its table that answer its code. */
        static List<Proven> of(Proves proves) {
            List<String> operations = Stream.concat(Arrays.stream(proves.operation()),
                    table(proves.operationsOf()).operationsAnswering(proves.code()).stream()).toList();
            if (operations.isEmpty()) {
                throw new IllegalStateException("a Proves of code " + proves.code() + " names no operation");
            }
            return operations.stream().map(operation -> new Proven(operation, proves.code(), proves.basis(), proves.section())).toList();
        }

        private static OperationTable table(Class<? extends OperationTable> type) {
            try {
                Constructor<? extends OperationTable> constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true); // tables live in the dialects' packages, not all of them public
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("operation table " + type.getName() + " has no usable no-argument constructor", e);
            }
        }
    }

    public TestOutcome {
        requireNonNull(name, "name is null");
        requireNonNull(dialect, "dialect is null");
        proves = List.copyOf(requireNonNull(proves, "proves is null"));
        requireNonNull(status, "status is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(error, "error is null");
    }

    public boolean proves(Contract.Cell cell) {
        return proves.stream().anyMatch(p -> p.operation().equals(cell.operation()) && p.code().equals(cell.code()));
    }
}
