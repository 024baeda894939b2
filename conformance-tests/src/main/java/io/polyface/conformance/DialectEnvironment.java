package io.polyface.conformance;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.polyface.gateway.InProcessGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * What every dialect's test environment shares: the endpoint (the configuration parameter or
 * system property {@code polyface.conformance.base-url}, or else a gateway the subclass starts in
 * process), objects shared by the whole run, and the best-effort deletion of what a test created,
 * after the test (or after the class, when created in {@code @BeforeAll}), whether it passed or not.
 * A failure is explained: what was expected, the document section that says so, and the last
 * exchanges with the endpoint.
 *
 * <p>Register one per dialect as a static {@code @RegisterExtension} field of the base class its
 * test classes extend: JUnit then calls it for each class. The classes of a dialect, and the tests
 * of a class, run one at a time.
 *
 * @param <T> what a test creates and the environment deletes afterwards
 */
public abstract class DialectEnvironment<T> implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private final Deque<List<T>> scopes = new ArrayDeque<>();
    private boolean external;

    @Override
    public final void beforeAll(ExtensionContext context) {
        ExchangeLog.clear();
        Optional<String> baseUrl = context.getConfigurationParameter(ConformanceRunner.BASE_URL).filter(s -> !s.isBlank());
        external = baseUrl.isPresent();
        connect(context, baseUrl);
        scopes.push(new ArrayList<>());
    }

    /**
     * Makes the clients of a test class: to {@code baseUrl}, or, without it, to the run's in-process
     * gateway (see {@link #shared}).
     */
    protected abstract void connect(ExtensionContext context, Optional<String> baseUrl);

    /** Deletes one thing a test created; a failure is logged, not raised. */
    protected abstract void delete(T created);

    /** The deletion of one thing, as a warning names it, e.g. {@code delete the collection c_1}. */
    protected abstract String describeDeletion(T created);

    @Override
    public final void beforeEach(ExtensionContext context) {
        ExchangeLog.clear();
        scopes.push(new ArrayList<>());
    }

    @Override
    public final void afterEach(ExtensionContext context) {
        deleteAll(scopes.pop());
    }

    @Override
    public final void afterAll(ExtensionContext context) {
        deleteAll(scopes.pop());
    }

    @Override
    public final void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw FailureExplanation.explained(context, failure);
    }

    /** A class's shared set-up (enrolling a gallery) fails its tests too; say why in the same way. */
    @Override
    public final void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw FailureExplanation.explained(context, failure);
    }

    @Override
    public final void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw FailureExplanation.explained(context, failure);
    }

    /** True when the suite runs against an endpoint given by URL rather than its own gateway. */
    public final boolean external() {
        return external;
    }

    /**
     * A gateway of the test's own on a database the test can stop (see {@link DatabaseOutage}). Against
     * an external endpoint no test can stop the database: the test is skipped there.
     */
    public final DatabaseOutage startOutage(String directoryPrefix, Duration serverSelectionTimeout, Map<String, String> overrides) {
        assumeFalse(external, "only a gateway this test starts can have its database stopped");
        return DatabaseOutage.start(directoryPrefix, serverSelectionTimeout, overrides);
    }

    /** Deletes this when the current test (or class, in {@code @BeforeAll}) ends. */
    protected final T deleteLater(T created) {
        requireNonNull(scopes.peek(), "no test is running").add(created);
        return created;
    }

    /** Deletes what a scope created, in the order given; subclasses may reorder. */
    protected void deleteAll(List<T> created) {
        for (T each : created) {
            try {
                delete(each);
            } catch (AssertionError | RuntimeException e) {
                // Clean-up is best effort: the test's own result matters more than this.
                System.getLogger(getClass().getName()).log(System.Logger.Level.WARNING,
                        "Could not " + describeDeletion(each) + ": " + e.getMessage());
            }
        }
    }

    /**
     * One object per run and environment class (a gateway, the contract, the photos), made the first
     * time it is asked for; an {@link AutoCloseable} one is closed when the run ends.
     */
    protected final <V> V shared(ExtensionContext context, Class<V> type, Supplier<V> create) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()))
                .getOrComputeIfAbsent(type, k -> create.get(), type);
    }

    /** The dialect's contract, loaded once per run. */
    protected final Contract contract(ExtensionContext context, String dialect) {
        return shared(context, Contract.class, () -> Contract.load(dialect));
    }

    /**
     * {@code baseUrl}, or else the dialect's root on the run's in-process gateway with its default
     * settings, started the first time in a directory named with {@code directoryPrefix}.
     */
    protected final String urlOrInProcessGateway(ExtensionContext context, Optional<String> baseUrl, String dialect,
            String directoryPrefix) {
        return baseUrl.orElseGet(() -> shared(context, InProcessGateway.class, () -> InProcessGateway.start(directoryPrefix)).url(dialect));
    }

    /** A credentials file of Java properties, as {@code polyface.conformance.credentials} names it. */
    protected static Properties credentialsFile(String file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials file " + file, e);
        }
        return properties;
    }
}
