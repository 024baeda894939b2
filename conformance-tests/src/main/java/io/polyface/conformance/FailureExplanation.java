package io.polyface.conformance;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Turns a bare assertion failure into one a tester can act on: what was expected, which document
 * section says so, and the last requests sent with the responses received.
 */
final class FailureExplanation {
    private FailureExplanation() {
    }

    /** What to throw instead of {@code failure}: an aborted (skipped) test stays as it is. */
    static Throwable explained(ExtensionContext context, Throwable failure) {
        if (failure instanceof TestAbortedException) {
            return failure;
        }
        AssertionError explained = new AssertionError(explain(context.getTestMethod().orElse(null), failure), failure);
        explained.setStackTrace(failure.getStackTrace());
        return explained;
    }

    /** The message of an explained failure: the failure's own, what {@code method} proves, and the last exchanges. */
    static String explain(Method method, Throwable failure) {
        StringBuilder text = new StringBuilder();
        text.append("expected: ").append(String.valueOf(failure.getMessage()).strip()).append('\n');
        if (method != null) {
            for (Proves proves : method.getAnnotationsByType(Proves.class)) {
                for (TestOutcome.Proven proven : TestOutcome.Proven.of(proves)) {
                    text.append("proves:   ").append(proves.dialect()).append(' ').append(proven.operation())
                            .append(" -> ").append(proven.code()).append(" (").append(proven.basis().label())
                            .append(", document section ").append(proven.section()).append(")\n");
                }
            }
        }
        List<Exchange> recent = ExchangeLog.recent();
        if (recent.isEmpty()) {
            text.append("no request was sent\n");
        } else {
            text.append("last ").append(recent.size()).append(recent.size() == 1 ? " exchange" : " exchanges")
                    .append(", latest last:\n");
            recent.forEach(e -> text.append(e.describe()).append('\n'));
        }
        return text.toString();
    }
}
