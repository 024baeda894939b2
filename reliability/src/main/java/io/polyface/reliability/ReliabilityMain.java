package io.polyface.reliability;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code polyface verify reliability [--size ci|full] [--areas a,b] [--seed N] [--fuzz-requests N]
 * [--work DIR]}: runs the attack suite, prints each area's line and then the summary table
 * (also written to {@code <work>/summary.md}), and exits 1 when anything failed.
 */
public final class ReliabilityMain {
    private static final String NAME = "polyface verify reliability";

    private ReliabilityMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command line; returns 0 when every check passed, 1 when one failed, 2 for a usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        // As before, an option given twice takes its last value.
        CommandLine line = new CommandLine(new Arguments(out)).setOverwrittenOptionsAllowed(true);
        line.registerConverter(Sizing.class, value -> converted(() -> Sizing.named(value)));
        line.registerConverter(Area.class, value -> converted(() -> Area.fromOption(value)));
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(errWriter);
        line.setParameterExceptionHandler((e, given) -> {
            errWriter.println(NAME + ": " + e.getMessage());
            errWriter.print("Usage: " + e.getCommandLine().getHelp().synopsis(0));
            errWriter.println("Run '" + NAME + " --help' for more.");
            return 2;
        });
        return line.execute(args);
    }

    /** The value, or the reason it is refused as picocli's conversion error. */
    private static <T> T converted(Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** The areas as {@code --areas} names them. */
    static final class AreaNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Area.values()).map(Area::option).iterator();
        }
    }

    /** The command line as picocli fills it; {@code call()} runs the suite. */
    @Command(name = NAME, sortOptions = false, sortSynopsis = false, usageHelpAutoWidth = true,
            description = "Runs the attack suite against gateway processes it starts, prints each area's line and "
                    + "the summary table (also written to <work>/summary.md), and exits 1 when anything failed.")
    static final class Arguments implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--size", paramLabel = "ci|full", defaultValue = "full",
                description = "How hard each area pushes (default: ${DEFAULT-VALUE}).")
        private Sizing sizing;

        @Option(names = "--areas", paramLabel = "AREA", split = ",", completionCandidates = AreaNames.class,
                description = "The areas to run, comma-separated: ${COMPLETION-CANDIDATES} (default: all).")
        private List<Area> areas;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "20261207",
                description = "The seed of every random choice (default: ${DEFAULT-VALUE}).")
        private long seed;

        @Option(names = "--fuzz-requests", paramLabel = "N",
                description = "The fuzzer's number of requests (default: the size's).")
        private Integer fuzzRequests;

        @Option(names = "--work", paramLabel = "DIR", defaultValue = "reliability/target/reliability-run",
                description = "Where the runs and summary.md go (default: ${DEFAULT-VALUE}).")
        private Path work;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        private boolean help;

        private final PrintStream out;

        Arguments(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            Sizing sized = fuzzRequests == null ? sizing : sizing.withFuzzRequests(fuzzRequests);
            try {
                Files.createDirectories(work);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "cannot create the work directory " + work + ": " + e.getMessage());
            }
            out.println("Polyface attack suite, size " + sized.name() + ", seed " + seed + ", work directory "
                    + work.toAbsolutePath());
            List<AreaResult> results;
            try (ReliabilitySuite suite = new ReliabilitySuite(sized, seed, work, out)) {
                results = suite.run(areas == null ? List.of(Area.values()) : areas);
            }
            String table = SummaryTable.render(results);
            out.println();
            out.print(table);
            try {
                Files.writeString(work.resolve("summary.md"), table);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
            return results.stream().allMatch(r -> r.failed() == 0) ? 0 : 1;
        }
    }
}
