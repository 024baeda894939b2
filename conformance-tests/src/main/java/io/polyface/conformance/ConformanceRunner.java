package io.polyface.conformance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs a dialect's suite on the JUnit Platform against one endpoint and writes the reports. The
 * suites are ordinary JUnit tests in {@code io.polyface.conformance.<dialect>}; they read the
 * endpoint from the configuration parameters set here.
 */
public final class ConformanceRunner {
    public static final String BASE_URL = "polyface.conformance.base-url";
    public static final String CREDENTIALS = "polyface.conformance.credentials";

    /**
     * @param baseUrl the dialect's root on the endpoint; empty starts an in-process gateway
     * @param credentials a file the dialect's suite reads its credentials from, where it has auth
     * @param classes test classes to run instead of the whole suite (the kit's own tests use this)
     */
    public record Options(String dialect, Optional<String> baseUrl, Optional<Path> credentials, Path reportDir, List<String> classes) {
        public Options {
            requireNonNull(dialect, "dialect is null");
            requireNonNull(baseUrl, "baseUrl is null");
            requireNonNull(credentials, "credentials is null");
            requireNonNull(reportDir, "reportDir is null");
            classes = List.copyOf(requireNonNull(classes, "classes is null"));
            if (!dialect.matches("[a-z][a-z0-9]*")) {
                throw new IllegalArgumentException("not a dialect id: " + dialect);
            }
        }
    }

    /**
     * What a run produced.
     *
     * @param unusable why the suite could not run as given (a {@link SuiteUnusable}), when it could not
     */
    public record Result(String summaryLine, List<String> coverageLines, List<TestOutcome> outcomes, Path reportDir,
            Optional<String> unusable) {
        public boolean passed() {
            return unusable.isEmpty() && outcomes.stream().noneMatch(o -> o.status() == TestOutcome.Status.FAIL)
                    && outcomes.stream().anyMatch(o -> o.status() == TestOutcome.Status.PASS);
        }
    }

    private ConformanceRunner() {
    }

    /**
     * Runs the suite.
     *
     * @param watchers further listeners told of every test as it runs (a progress line)
     */
    public static Result run(Options options, TestExecutionListener... watchers) {
        Contract.load(options.dialect()); // fail early, before any test, when the dialect has no contract
        try {
            Files.createDirectories(options.reportDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the report directory " + options.reportDir(), e);
        }
        List<DiscoverySelector> selectors = options.classes().isEmpty()
                ? List.of(DiscoverySelectors.selectPackage("io.polyface.conformance." + options.dialect()))
                : options.classes().stream().map(c -> (DiscoverySelector) DiscoverySelectors.selectClass(c)).toList();
        Map<String, String> parameters = new HashMap<>();
        options.baseUrl().ifPresent(url -> parameters.put(BASE_URL, url));
        options.credentials().ifPresent(file -> parameters.put(CREDENTIALS, file.toAbsolutePath().toString()));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameters(parameters)
                .build();

        ReportListener report = new ReportListener(Optional.of(options.reportDir()));
        StringWriter xmlErrors = new StringWriter();
        LegacyXmlReportGeneratingListener xml = new LegacyXmlReportGeneratingListener(
                options.reportDir().resolve("junit"), new PrintWriter(xmlErrors));
        // Listeners found on the class path (Surefire's own report listener) stay out of this run.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        List<TestExecutionListener> listeners = new ArrayList<>(List.of(report, xml));
        listeners.addAll(List.of(watchers));
        launcher.execute(request, listeners.toArray(TestExecutionListener[]::new));
        List<String> coverage = report.matrices().stream().map(CoverageMatrix::summaryLine).toList();
        return new Result(report.summaryLine(), coverage, report.outcomes(), options.reportDir(), report.unusable());
    }
}
