package io.polyface.conformance;

import io.polyface.toolkit.console.Progress;
import io.polyface.gateway.internal.UserDirectory;
import io.polyface.spi.dialect.DialectProvider;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code polyface conformance --dialect dmai --base-url URL [--credentials FILE] [--report DIR]}: runs
 * a dialect's conformance suite against an endpoint, showing its progress. Exit status 0 only when
 * every applicable test passed; 1 when a test failed; 2 for a usage error.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs a dialect's conformance suite against Polyface or any other endpoint.")
public final class ConformanceMain implements Callable<Integer> {
    @Option(names = "--dialect", paramLabel = "ID", completionCandidates = SuiteDialects.class,
            description = "the dialect whose suite to run: ${COMPLETION-CANDIDATES}")
    String dialect;

    @Option(names = "--base-url", paramLabel = "URL", description = {
            "the dialect's root on the endpoint, e.g. http://host:8080/dmai for Polyface or the vendor server's own root;",
            "without it an in-process gateway is started"})
    String baseUrl;

    @Option(names = "--credentials", paramLabel = "FILE", description = {
            "a file with credentials, for dialects with auth (qiniu: access-key=... and secret-key=... lines;",
            "sensetime: Java properties api_id, api_secret, and optionally expired.*, limited.*, restricted.*,",
            "detection-only.*, small.* pairs; DM-AI has none)"})
    String credentials;

    @Option(names = "--report", paramLabel = "DIR", description = "where to write the reports (default: conformance-report)")
    String report = "conformance-report";

    private PrintStream out;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        ConformanceMain command = new ConformanceMain();
        command.out = out;
        CommandLine line = new CommandLine(command)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (!(e instanceof IllegalArgumentException || e instanceof IllegalStateException)) {
                        throw e;
                    }
                    cmd.getErr().println("conformance: " + e.getMessage());
                    cmd.usage(cmd.getErr());
                    return 2;
                });
        line.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("conformance: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return 2;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        if (dialect == null) {
            throw new IllegalArgumentException("--dialect is required");
        }
        // Relative paths are the user's: the launcher runs from the repository (polyface.user-dir).
        Optional<Path> credentialsFile = Optional.ofNullable(credentials).map(UserDirectory::resolve);
        credentialsFile.filter(file -> !Files.isReadable(file)).ifPresent(file -> {
            throw new IllegalArgumentException("cannot read the credentials file " + file);
        });
        PrintWriter console = new PrintWriter(out, true, StandardCharsets.UTF_8);
        Progress progress = Progress.of("conformance " + dialect, "tests", console);
        ConformanceRunner.Result result = ConformanceRunner.run(new ConformanceRunner.Options(dialect,
                Optional.ofNullable(baseUrl).map(url -> url.replaceAll("/+$", "")), credentialsFile,
                UserDirectory.resolve(report), List.of()), new ProgressListener(progress));
        progress.finish();
        if (result.unusable().isPresent()) {
            throw new IllegalArgumentException(result.unusable().get());
        }
        for (TestOutcome outcome : result.outcomes()) {
            if (outcome.status() == TestOutcome.Status.FAIL) {
                out.println("FAILED " + outcome.name());
                outcome.error().ifPresent(e -> out.println(e.indent(4).stripTrailing()));
            }
        }
        out.println("reports in " + result.reportDir().toAbsolutePath());
        result.coverageLines().forEach(out::println);
        out.println(result.summaryLine());
        return result.passed() ? 0 : 1;
    }

    /**
     * Counts the suite's tests as they finish, a failure noted on a line of its own at once. The
     * total grows as parameterised and dynamic tests register themselves; the tests of a class that
     * was skipped or failed before they ran count as done with it.
     */
    private static final class ProgressListener implements TestExecutionListener {
        private final Progress progress;
        private final Set<String> counted = new HashSet<>();
        private TestPlan plan;
        private long total;

        ProgressListener(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan plan) {
            this.plan = plan;
            total = plan.countTestIdentifiers(TestIdentifier::isTest);
            progress.total(total);
        }

        @Override
        public void dynamicTestRegistered(TestIdentifier test) {
            if (test.isTest()) {
                progress.total(++total);
            }
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            done(test);
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
                progress.note("failed: " + test.getDisplayName());
            }
            done(test);
        }

        private void done(TestIdentifier test) {
            long newlyDone = test.isTest()
                    ? (counted.add(test.getUniqueId()) ? 1 : 0)
                    : plan.getDescendants(test).stream()
                            .filter(t -> t.isTest() && counted.add(t.getUniqueId()))
                            .count();
            progress.advance(newlyDone);
        }
    }

    /** The dialects on the class path; each has a suite here (SuiteCoverageTest keeps it so). */
    public static final class SuiteDialects implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ServiceLoader.load(DialectProvider.class).stream().map(p -> p.get().id()).sorted().iterator();
        }
    }
}
