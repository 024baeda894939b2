package io.polyface.engine.local.calibration;

import io.polyface.engine.local.pipeline.OnnxFacePipeline;
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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./polyface calibrate [--out DIR] [--faces DIR] [--version V]... [--print]}: measures the
 * local engine on the labelled faces, for every feature version unless told which, and writes
 * {@code calibration.md}, two SVG pictures per version and {@code proposed-mapping.yaml} (the
 * dialects' mappings for the default version) into the output directory.
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
        String markdown = write(options.out(), faces, calibrations, defaultVersion);
        if (options.print()) {
            out.print(markdown);
        }
        out.println("calibration written to " + options.out().toAbsolutePath().normalize()
                + " (calibration.md, proposed-mapping.yaml, " + calibrations.size() * 2 + " SVG pictures)");
        for (Calibration calibration : calibrations) {
            out.println(summary(calibration));
        }
    }

    /** Writes the report, pictures and proposal; returns the Markdown. */
    static String write(Path dir, LabelledFaces faces, List<Calibration> calibrations, String defaultVersion) {
        StringBuilder markdown = new StringBuilder();
        markdown.append("# Score calibration of the local engine\n\n")
                .append("Written by `./polyface calibrate` from the labelled faces (").append(faces.photos().size())
                .append(" photos of ").append(faces.identities().size()).append(" people, ")
                .append(faces.groupPhotos().size()).append(" group photos). Raw cosine of the engine's embeddings; ")
                .append("the dialects' mappings are proposed for `").append(defaultVersion)
                .append("`, the default feature version (`proposed-mapping.yaml`).\n\n");
        for (Calibration calibration : calibrations) {
            markdown.append(CalibrationReport.markdown(faces, calibration));
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
                    Files.writeString(dir.resolve("proposed-mapping.yaml"), proposal(c), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the calibration to " + dir, e);
        }
        return markdown.toString();
    }

    /** The dialects' mappings as settings where a dialect has one, else as the anchors its code holds. */
    static String proposal(Calibration calibration) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Proposed by ./polyface calibrate for ").append(calibration.featureVersion()).append('\n');
        for (DialectScale scale : DialectScale.values()) {
            for (VendorThreshold t : scale.thresholds()) {
                yaml.append(String.format(Locale.ROOT, "# %s %s -> raw %.3f (FAR %s, %s)%n", scale.dialect(),
                        DialectScale.plain(t.score()), scale.proposedRaw(calibration, t.score()),
                        FalseAcceptRate.scientific(t.target()), calibration.forRate(t.target()).basis().text()));
            }
        }
        yaml.append("dialects:\n")
                .append(String.format(Locale.ROOT, "  dmai:%n    score: {center: %.3f, steepness: %s}%n",
                        DialectScale.DMAI.proposedRaw(calibration, 0.5), DialectScale.plain(DialectScale.DMAI_STEEPNESS)));
        if (DialectScale.SENSETIME.proposal(calibration).isPresent()) {
            yaml.append("  sensetime:\n    score: {anchors: \"")
                    .append(DialectScale.SENSETIME.settings(calibration).replaceAll(".*: \"|\"$", "")).append("\"}\n");
        } else {
            yaml.append("# sensetime: ").append(DialectScale.SENSETIME.settings(calibration)).append('\n');
        }
        return yaml.append("# facepass (FacepassScore.SIMILARITY): ").append(DialectScale.FACEPASS.settings(calibration))
                .append("\n# qiniu (QiniuScore.DEFAULT): ").append(DialectScale.QINIU.settings(calibration)).append('\n')
                .toString();
    }

    private static String summary(Calibration calibration) {
        StringBuilder text = new StringBuilder(calibration.featureVersion() + ":");
        for (DialectScale scale : DialectScale.values()) {
            for (VendorThreshold t : scale.thresholds()) {
                Calibration.OperatingPoint p = calibration.forRate(t.target());
                text.append(String.format(Locale.ROOT, "%n  %s %s -> raw %.3f (%s; FAR %s; FRR %d/%d)", scale.dialect(),
                        DialectScale.plain(t.score()), p.raw(), p.basis().text(), p.far(), p.falseRejects(),
                        p.genuineTrials()));
            }
        }
        return text.toString();
    }
}
