package io.polyface.conformance;

import io.polyface.gateway.internal.UserDirectory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ConformanceMain --dialect dmai --base-url URL [--credentials FILE] [--report DIR]}: runs a
 * dialect's conformance suite against an endpoint. Exit status 0 only when every applicable test
 * passed; 1 when a test failed; 2 for a usage error.
 */
public final class ConformanceMain {
    private static final String USAGE = """
            usage: conformance --dialect ID --base-url URL [--credentials FILE] [--report DIR]
              --dialect      the dialect whose suite to run (dmai, facepass, qiniu, sensetime)
              --base-url     the dialect's root on the endpoint, e.g. http://host:8080/dmai for Polyface
                             or the vendor server's own root; without it an in-process gateway is started
              --credentials  a file with credentials, for dialects with auth (qiniu: access-key=... and
                             secret-key=... lines; sensetime: Java properties api_id, api_secret, and
                             optionally expired.*, limited.*, restricted.*, detection-only.*, small.*
                             pairs; DM-AI has none)
              --report       where to write the reports (default: conformance-report)
            """;

    private ConformanceMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String dialect = null;
        Optional<String> baseUrl = Optional.empty();
        Optional<Path> credentials = Optional.empty();
        // Relative paths are the user's: the launcher runs from the repository (polyface.user-dir).
        Path report = UserDirectory.resolve("conformance-report");
        List<String> rest = new ArrayList<>(List.of(args));
        try {
            while (!rest.isEmpty()) {
                String option = rest.removeFirst();
                if (option.equals("--help") || option.equals("-h")) {
                    out.print(USAGE);
                    return 0;
                }
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("missing value after " + option);
                }
                String value = rest.removeFirst();
                switch (option) {
                    case "--dialect" -> dialect = value;
                    case "--base-url" -> baseUrl = Optional.of(value.replaceAll("/+$", ""));
                    case "--credentials" -> {
                        Path file = UserDirectory.resolve(value);
                        if (!Files.isReadable(file)) {
                            throw new IllegalArgumentException("cannot read the credentials file " + file);
                        }
                        credentials = Optional.of(file);
                    }
                    case "--report" -> report = UserDirectory.resolve(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (dialect == null) {
                throw new IllegalArgumentException("--dialect is required");
            }
            ConformanceRunner.Result result = ConformanceRunner.run(
                    new ConformanceRunner.Options(dialect, baseUrl, credentials, report, List.of()));
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
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("conformance: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }
}
