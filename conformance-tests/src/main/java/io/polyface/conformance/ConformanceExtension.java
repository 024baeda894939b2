package io.polyface.conformance;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Turns a bare assertion failure into one a tester can act on: what was expected, which document
 * section says so, and the last requests sent with the responses received.
 */
public final class ConformanceExtension
        implements BeforeAllCallback, BeforeEachCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void beforeAll(ExtensionContext context) {
        ExchangeLog.clear();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ExchangeLog.clear();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof TestAbortedException) {
            throw failure;
        }
        AssertionError explained = new AssertionError(explain(context.getTestMethod().orElse(null), failure), failure);
        explained.setStackTrace(failure.getStackTrace());
        throw explained;
    }

    /** A class's shared set-up (enrolling a gallery) fails its tests too; say why in the same way. */
    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        handleTestExecutionException(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        handleTestExecutionException(context, failure);
    }

    static String explain(Method method, Throwable failure) {
        StringBuilder text = new StringBuilder();
        text.append("expected: ").append(String.valueOf(failure.getMessage()).strip()).append('\n');
        if (method != null) {
            for (Proves proves : method.getAnnotationsByType(Proves.class)) {
                for (String operation : proves.operation()) {
                    text.append("proves:   ").append(proves.dialect()).append(' ').append(operation)
                            .append(" -> ").append(proves.code()).append(" (").append(proves.basis().label())
                            .append(", document section ").append(proves.section()).append(")\n");
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
