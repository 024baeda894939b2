package io.polyface.reliability;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code polyface verify reliability [--size ci|full] [--areas a,b] [--seed N] [--fuzz-requests N]
 * [--work DIR]}: runs the attack suite, prints each area's line and then the summary table
 * (also written to {@code <work>/summary.md}), and exits 1 when anything failed.
 */
public final class ReliabilityMain {
    private static final long DEFAULT_SEED = 20261207L;

    private ReliabilityMain() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("polyface verify reliability: " + e.getMessage());
            System.err.println("usage: polyface verify reliability [--size ci|full] [--areas " + String.join(",",
                    Arrays.stream(Area.values()).map(Area::option).toList()) + "] [--seed N] [--fuzz-requests N] [--work DIR]");
            System.exit(2);
            return;
        }
        out.println("Polyface attack suite, size " + options.sizing().name() + ", seed " + options.seed() + ", work directory "
                + options.work().toAbsolutePath());
        List<AreaResult> results;
        try (ReliabilitySuite suite = new ReliabilitySuite(options.sizing(), options.seed(), options.work(), out)) {
            results = suite.run(options.areas());
        }
        String table = SummaryTable.render(results);
        out.println();
        out.print(table);
        try {
            Files.writeString(options.work().resolve("summary.md"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
        System.exit(results.stream().allMatch(r -> r.failed() == 0) ? 0 : 1);
    }

    /** The command line, checked. */
    record Options(Sizing sizing, List<Area> areas, long seed, Path work) {
        static Options parse(String[] args) {
            Sizing sizing = Sizing.FULL;
            List<Area> areas = List.of(Area.values());
            long seed = DEFAULT_SEED;
            Path work = Path.of("reliability", "target", "reliability-run");
            Integer fuzzRequests = null;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--size" -> sizing = Sizing.named(value);
                    case "--areas" -> areas = Arrays.stream(value.split(",")).map(Area::fromOption).toList();
                    case "--seed" -> seed = number(flag, value);
                    case "--fuzz-requests" -> fuzzRequests = (int) number(flag, value);
                    case "--work" -> work = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (fuzzRequests != null) {
                sizing = sizing.withFuzzRequests(fuzzRequests);
            }
            try {
                Files.createDirectories(work);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create the work directory " + work + ": " + e.getMessage());
            }
            return new Options(sizing, areas, seed, work);
        }

        private static long number(String flag, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a number, not '" + value + "'");
            }
        }
    }
}
