package io.polyface.engine.local.calibration;

import io.polyface.engine.local.pipeline.OnnxFacePipeline;
import io.polyface.spi.dialect.RecommendedThreshold;
import io.polyface.spi.engine.FeatureVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./polyface calibrate [--out DIR] [--faces DIR] [--version V]... [--print]}: measures the
 * local engine on the labelled faces, for every feature version unless told which, and writes
 * {@code calibration.md}, two SVG pictures per version and {@code proposed-mapping.yaml} (the
 * dialects' mappings for the default version) into the output directory. The dialects are those
 * whose plugins are on the class path.
 */
public final class CalibrateCommand {
    static final String DEFAULT_OUT = "target/calibration";

    private CalibrateCommand() {
    }

    /** The parsed command line. */
    record Options(Path out, Path faces, List<String> versions, boolean print) {
        Options {
            versions = List.copyOf(versions);
        }

        /** Parses a command line; a usage error is a {@link CommandLine.ParameterException}. */
        static Options parse(String[] args) {
            Arguments arguments = new Arguments(System.out);
            commandLine(arguments).parseArgs(args);
            return arguments.options();
        }
    }

    /** The options as picocli fills them; {@code call()} runs the calibration. */
    @Command(name = "calibrate", sortOptions = false, sortSynopsis = false, usageHelpAutoWidth = true,
            description = "Measures the local engine on the labelled faces and writes calibration.md, two SVG "
                    + "pictures per feature version and proposed-mapping.yaml.")
    static final class Arguments implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "DIR", defaultValue = DEFAULT_OUT,
                description = "Where the report goes (default: ${DEFAULT-VALUE}).")
        private Path out;

        @Option(names = "--faces", paramLabel = "DIR", defaultValue = "${sys:polyface.faces:-../shared/faces}",
                description = "The labelled faces (default: ${DEFAULT-VALUE}).")
        private Path faces;

        @Option(names = "--version", paramLabel = "V",
                description = "A feature version to measure; repeat for more (default: every one the engine makes).")
        private List<String> versions = new ArrayList<>();

        @Option(names = "--print", description = "Also print the report's Markdown.")
        private boolean print;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        private boolean help;

        private final PrintStream stdout;

        Arguments(PrintStream stdout) {
            this.stdout = stdout;
        }

        Options options() {
            return new Options(out, faces, versions, print);
        }

        @Override
        public Integer call() {
            calibrate(options(), stdout);
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns its exit code: 0 done, 2 a usage error (named on {@code err}). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        CommandLine line = commandLine(new Arguments(out));
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(errWriter);
        line.setParameterExceptionHandler((e, given) -> {
            errWriter.println("calibrate: " + e.getMessage());
            errWriter.print("Usage: " + e.getCommandLine().getHelp().synopsis(0));
            errWriter.println("Run 'calibrate --help' for more.");
            return 2;
        });
        return line.execute(args);
    }

    /** The parser; an option given twice takes its last value, so one can override bench/run's --faces. */
    private static CommandLine commandLine(Arguments arguments) {
        return new CommandLine(arguments).setOverwrittenOptionsAllowed(true);
    }

    private static void calibrate(Options options, PrintStream out) {
        LabelledFaces faces = LabelledFaces.load(options.faces());
        List<Calibration> calibrations = new ArrayList<>();
        String defaultVersion;
        try (OnnxFacePipeline pipeline = OnnxFacePipeline.open()) {
            defaultVersion = pipeline.featureVersion();
            List<String> versions = options.versions().isEmpty()
                    ? pipeline.featureVersions().stream().map(FeatureVersion::name).toList()
                    : options.versions();
            for (String version : versions) {
                calibrations.add(Calibration.of(FaceScores.measure(faces, pipeline, version)));
            }
        }
        List<DialectScale> scales = DialectScale.onClassPath();
        String markdown = write(options.out(), faces, calibrations, defaultVersion, scales);
        if (options.print()) {
            out.print(markdown);
        }
        out.println("calibration written to " + options.out().toAbsolutePath().normalize()
                + " (calibration.md, proposed-mapping.yaml, " + calibrations.size() * 2 + " SVG pictures)");
        for (Calibration calibration : calibrations) {
            out.println(summary(calibration, scales));
        }
    }

    /** Writes the report, pictures and proposal for the dialects given; returns the Markdown. */
    static String write(Path dir, LabelledFaces faces, List<Calibration> calibrations, String defaultVersion,
            List<DialectScale> scales) {
        StringBuilder markdown = new StringBuilder();
        markdown.append("# Score calibration of the local engine\n\n")
                .append("Written by `./polyface calibrate` from the labelled faces (").append(faces.photos().size())
                .append(" photos of ").append(faces.identities().size()).append(" people, ")
                .append(faces.groupPhotos().size()).append(" group photos). Raw cosine of the engine's embeddings; ")
                .append("the dialects' mappings are proposed for `").append(defaultVersion)
                .append("`, the default feature version (`proposed-mapping.yaml`).\n\n");
        for (Calibration calibration : calibrations) {
            markdown.append(CalibrationReport.markdown(faces, calibration, scales));
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("calibration.md"), markdown, StandardCharsets.UTF_8);
            for (Calibration calibration : calibrations) {
                List<SvgCharts.Marker> markers = CalibrationReport.markers(calibration);
                Files.writeString(dir.resolve(calibration.featureVersion() + "-histogram.svg"),
                        SvgCharts.histogram(calibration, markers), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve(calibration.featureVersion() + "-roc.svg"),
                        SvgCharts.roc(calibration, markers), StandardCharsets.UTF_8);
            }
            calibrations.stream().filter(c -> c.featureVersion().equals(defaultVersion)).findFirst().ifPresent(c -> {
                try {
                    Files.writeString(dir.resolve("proposed-mapping.yaml"), proposal(c, scales), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the calibration to " + dir, e);
        }
        return markdown.toString();
    }

    /**
     * The dialects' mappings as settings where a dialect has them, else as comments saying where its
     * code holds the mapping.
     */
    static String proposal(Calibration calibration, List<DialectScale> scales) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Proposed by ./polyface calibrate for ").append(calibration.featureVersion()).append('\n');
        if (scales.isEmpty()) {
            return yaml.append("# ").append(CalibrationReport.NO_SCALES).append('\n').toString();
        }
        for (DialectScale scale : scales) {
            for (RecommendedThreshold t : scale.thresholds()) {
                yaml.append(String.format(Locale.ROOT, "# %s %s -> raw %.3f (FAR %s, %s)%n", scale.dialect(),
                        DialectScale.plain(t.score()), scale.proposedRaw(calibration, t.score()),
                        FalseAcceptRate.scientific(t.falseAcceptRate()),
                        calibration.forRate(t.falseAcceptRate()).basis().text()));
            }
        }
        StringBuilder comments = new StringBuilder();
        StringBuilder settings = new StringBuilder();
        for (DialectScale scale : scales) {
            Map<String, String> values = scale.settingValues(calibration);
            if (values.isEmpty()) {
                comments.append("# ").append(scale.dialect())
                        .append(scale.mappingInCode().map(constant -> " (" + constant + ")").orElse(""))
                        .append(": ").append(scale.settings(calibration)).append('\n');
            } else {
                settings.append("  ").append(scale.dialect()).append(":\n    score: {").append(String.join(", ",
                        values.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList())).append("}\n");
            }
        }
        return yaml.append(settings.isEmpty() ? "" : "dialects:\n").append(settings).append(comments).toString();
    }

    private static String summary(Calibration calibration, List<DialectScale> scales) {
        StringBuilder text = new StringBuilder(calibration.featureVersion() + ":");
        for (DialectScale scale : scales) {
            for (RecommendedThreshold t : scale.thresholds()) {
                Calibration.OperatingPoint p = calibration.forRate(t.falseAcceptRate());
                text.append(String.format(Locale.ROOT, "%n  %s %s -> raw %.3f (%s; FAR %s; FRR %d/%d)", scale.dialect(),
                        DialectScale.plain(t.score()), p.raw(), p.basis().text(), p.far(), p.falseRejects(),
                        p.genuineTrials()));
            }
        }
        return text.toString();
    }
}
