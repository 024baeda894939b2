package io.polyface.engine.local.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.dialect.RecommendedThreshold;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import picocli.CommandLine;

/** What {@code calibrate} writes, on a set small enough to know. */
class CalibrationReportTest {
    @TempDir
    Path dir;

    @Test
    void theReportHasEverySectionAndNoZeroRates() throws Exception {
        LabelledFaces faces = SyntheticFaces.write(dir.resolve("faces"));
        Calibration calibration = Calibration.of(FaceScores.measure(faces, new SyntheticFaces.Analyzer(), SyntheticFaces.VERSION));
        Path out = dir.resolve("out");

        String markdown = CalibrateCommand.write(out, faces, List.of(calibration), SyntheticFaces.VERSION, TestScales.ALL);

        assertThat(markdown).contains("## Feature version `synthetic-v1`", "### Scores", "### ROC", "### Raw threshold for a false-accept rate",
                "### Each dialect's thresholds", "### 1:N search", "### Open-set check", "### Highest impostor comparisons",
                "| genuine | 5 |", "(0/34; 95%, rule of three)", "compreface_B/s3_e1.jpg");
        // A rate is never printed as a bare zero.
        assertThat(markdown).doesNotContainPattern("\\| 0 \\(0/");
        assertThat(Files.readString(out.resolve("calibration.md"))).isEqualTo(markdown);
        for (String picture : List.of("synthetic-v1-histogram.svg", "synthetic-v1-roc.svg")) {
            Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(Files.readAllBytes(out.resolve(picture))));
            assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
            assertThat(svg.getElementsByTagName("text").getLength()).isGreaterThan(5);
        }
        assertThat(Files.readString(out.resolve("proposed-mapping.yaml"), StandardCharsets.UTF_8))
                .contains("dialects:", "curve:", "center: " + String.format(java.util.Locale.ROOT, "%.3f",
                        TestScales.CURVE.proposedRaw(calibration, 0.5)), "# table 45 -> raw",
                        "# table (TableScore.DEFAULT): none: a threshold's rate is out of reach");
        assertThat(markdown).contains("| Curve score | Table score |", "- curve: dialects.curve.score.center: ");
    }

    @Test
    void withoutADialectTheReportSaysSo() {
        LabelledFaces faces = SyntheticFaces.write(dir.resolve("faces"));
        Calibration calibration = Calibration.of(FaceScores.measure(faces, new SyntheticFaces.Analyzer(), SyntheticFaces.VERSION));
        Path out = dir.resolve("out");

        String markdown = CalibrateCommand.write(out, faces, List.of(calibration), SyntheticFaces.VERSION, List.of());

        assertThat(markdown).contains("### Each dialect's thresholds\n\n" + CalibrationReport.NO_SCALES, "### Open-set check");
        assertThat(DialectScale.onClassPath()).as("engine-local sees no plugin").isEmpty();
        assertThat(CalibrateCommand.proposal(calibration, List.of())).doesNotContain("dialects:")
                .contains(CalibrationReport.NO_SCALES);
    }

    @Test
    void everyDialectThresholdGetsARateAndTheOrderOfItsScale() {
        LabelledFaces faces = SyntheticFaces.write(dir);
        Calibration calibration = Calibration.of(FaceScores.measure(faces, new SyntheticFaces.Analyzer(), SyntheticFaces.VERSION));

        for (DialectScale scale : TestScales.ALL) {
            double previous = Double.NEGATIVE_INFINITY;
            for (RecommendedThreshold t : scale.thresholds()) {
                double raw = scale.proposedRaw(calibration, t.score());
                assertThat(raw).as("%s %s", scale, t.score()).isGreaterThanOrEqualTo(previous);
                previous = raw;
            }
        }
        assertThatThrownBy(() -> TestScales.CURVE.threshold(0.6)).hasMessageContaining("recommends no threshold");
    }

    @Test
    void theCommandLineIsParsedStrictly() {
        CalibrateCommand.Options options = CalibrateCommand.Options.parse(
                new String[] {"--out", "x", "--faces", "f", "--version", "v1", "--version", "v2", "--print"});

        assertThat(options.out()).isEqualTo(Path.of("x"));
        assertThat(options.faces()).isEqualTo(Path.of("f"));
        assertThat(options.versions()).containsExactly("v1", "v2");
        assertThat(options.print()).isTrue();
        assertThat(CalibrateCommand.Options.parse(new String[] {"--faces", "bench's", "--faces", "user's"}).faces())
                .isEqualTo(Path.of("user's"));
        assertThat(CalibrateCommand.Options.parse(new String[0]).out()).isEqualTo(Path.of(CalibrateCommand.DEFAULT_OUT));
        assertThat(CalibrateCommand.Options.parse(new String[0]).faces())
                .isEqualTo(Path.of(System.getProperty("polyface.faces", "../shared/faces")));
        assertThatThrownBy(() -> CalibrateCommand.Options.parse(new String[] {"--out"}))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("parameter for option '--out'");
        assertThatThrownBy(() -> CalibrateCommand.Options.parse(new String[] {"--bogus"}))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
                .hasMessageContaining("'--bogus'");
    }
}
