package io.polyface.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects how each conformance test ended and, when the plan finishes, writes the reports: one
 * JSON line per test ({@code results.jsonl}), a coverage matrix per dialect as Markdown and JSON,
 * and {@code summary.txt}.
 *
 * <p>The runner creates it with a report directory. Under Maven Surefire it is registered through
 * {@code META-INF/services} (test resources only) and writes to the directory in the system
 * property {@code polyface.conformance.report-dir}, doing nothing when that is unset.
 */
public class ReportListener implements TestExecutionListener {
    public static final String REPORT_DIR_PROPERTY = "polyface.conformance.report-dir";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PACKAGE = "io.polyface.conformance.";

    private final Optional<Path> reportDir;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final List<TestOutcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Set<TestIdentifier> skippedContainers = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, String> skippedReasons = new ConcurrentHashMap<>();
    private volatile TestPlan plan;
    /** Why the suite could not run as given, from the first {@link SuiteUnusable} a test or class failed with. */
    private volatile String unusable;

    /** For ServiceLoader: the report directory comes from the system property. */
    public ReportListener() {
        this(Optional.ofNullable(System.getProperty(REPORT_DIR_PROPERTY)).filter(s -> !s.isBlank()).map(Path::of));
    }

    public ReportListener(Optional<Path> reportDir) {
        this.reportDir = reportDir;
    }

    public List<TestOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        started.put(test.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            record(test, TestOutcome.Status.SKIP, Duration.ZERO, Optional.of(reason));
        } else {
            // A skipped class skips its tests without starting them; the plan still lists them.
            skippedContainers.add(test);
            skippedReasons.put(test.getUniqueId(), reason);
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        result.getThrowable().flatMap(ReportListener::unusableCause).ifPresent(e -> {
            if (unusable == null) {
                unusable = e.getMessage();
            }
        });
        if (!test.isTest()) {
            // A class whose @BeforeAll failed never starts its tests: report each of them as failed.
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && plan != null) {
                for (TestIdentifier descendant : plan.getDescendants(test)) {
                    if (descendant.isTest() && !started.containsKey(descendant.getUniqueId())) {
                        record(descendant, TestOutcome.Status.FAIL, Duration.ZERO, result.getThrowable().map(ReportListener::message));
                    }
                }
            }
            return;
        }
        long start = Optional.ofNullable(started.get(test.getUniqueId())).orElse(System.nanoTime());
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        TestOutcome.Status status = switch (result.getStatus()) {
            case SUCCESSFUL -> TestOutcome.Status.PASS;
            case ABORTED -> TestOutcome.Status.SKIP;
            case FAILED -> TestOutcome.Status.FAIL;
        };
        record(test, status, duration, result.getThrowable().map(ReportListener::message));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        // Tests under a skipped container were never reported one by one.
        for (TestIdentifier container : skippedContainers) {
            for (TestIdentifier descendant : testPlan.getDescendants(container)) {
                if (descendant.isTest()) {
                    record(descendant, TestOutcome.Status.SKIP, Duration.ZERO, Optional.ofNullable(skippedReasons.get(container.getUniqueId())));
                }
            }
        }
        reportDir.ifPresent(this::write);
    }

    private void record(TestIdentifier test, TestOutcome.Status status, Duration duration, Optional<String> error) {
        Optional<MethodSource> source = test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        Optional<Method> method = source.map(MethodSource::getJavaMethod);
        // The class the test ran in, which for a test inherited from a shared base is the subclass.
        Optional<Class<?>> testClass = source.map(MethodSource::getJavaClass);
        List<Proves> proves = method.map(m -> Arrays.asList(m.getAnnotationsByType(Proves.class))).orElse(List.of());
        Optional<String> dialect = proves.stream().map(Proves::dialect).findFirst()
                .or(() -> testClass.map(Class::getPackageName)
                        .filter(p -> p.startsWith(PACKAGE))
                        .map(p -> p.substring(PACKAGE.length())));
        if (dialect.isEmpty()) {
            return; // not a conformance test (the kit's own tests)
        }
        String className = testClass.map(Class::getSimpleName).orElse("");
        String name = className.isEmpty() ? test.getDisplayName() : className + "." + test.getDisplayName();
        outcomes.add(new TestOutcome(name, dialect.get(), proves.stream().flatMap(p -> TestOutcome.Proven.of(p).stream()).toList(),
                status, duration, error));
    }

    private static Optional<SuiteUnusable> unusableCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SuiteUnusable unusable) {
                return Optional.of(unusable);
            }
        }
        return Optional.empty();
    }

    /** Why the suite could not run as the command gave it, if it could not (see {@link SuiteUnusable}). */
    public Optional<String> unusable() {
        return Optional.ofNullable(unusable);
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** {@code N passed, N failed, N skipped}. */
    public String summaryLine() {
        List<TestOutcome> all = outcomes();
        return count(all, TestOutcome.Status.PASS) + " passed, " + count(all, TestOutcome.Status.FAIL) + " failed, "
                + count(all, TestOutcome.Status.SKIP) + " skipped";
    }

    private static long count(List<TestOutcome> outcomes, TestOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    public List<CoverageMatrix> matrices() {
        return outcomes().stream().map(TestOutcome::dialect).distinct().sorted()
                .map(dialect -> new CoverageMatrix(Contract.load(dialect), outcomes())).toList();
    }

    private void write(Path dir) {
        try {
            Files.createDirectories(dir);
            StringBuilder lines = new StringBuilder();
            for (TestOutcome outcome : outcomes()) {
                lines.append(JSON.writeValueAsString(jsonLine(outcome))).append('\n');
            }
            Files.writeString(dir.resolve("results.jsonl"), lines, StandardCharsets.UTF_8);
            StringBuilder summary = new StringBuilder(summaryLine()).append('\n');
            for (CoverageMatrix matrix : matrices()) {
                Files.writeString(dir.resolve("coverage-" + matrix.contract().dialect() + ".md"), matrix.markdown(), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("coverage-" + matrix.contract().dialect() + ".json"), matrix.json(), StandardCharsets.UTF_8);
                summary.append(matrix.summaryLine()).append('\n');
            }
            Files.writeString(dir.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the conformance report to " + dir, e);
        }
    }

    static ObjectNode jsonLine(TestOutcome outcome) {
        ObjectNode line = JSON.createObjectNode();
        line.put("name", outcome.name());
        line.put("dialect", outcome.dialect());
        Optional<TestOutcome.Proven> first = outcome.proves().stream().findFirst();
        line.put("operation", first.map(TestOutcome.Proven::operation).orElse(null));
        line.put("expected_code", first.map(TestOutcome.Proven::code).orElse(null));
        line.put("status", outcome.status().label());
        line.put("duration_ms", outcome.duration().toMillis());
        line.put("error", outcome.error().orElse(null));
        ArrayNode proves = line.putArray("proves");
        for (TestOutcome.Proven proven : outcome.proves()) {
            proves.addObject().put("operation", proven.operation()).put("code", proven.code())
                    .put("basis", proven.basis().label()).put("section", proven.section());
        }
        return line;
    }
}
