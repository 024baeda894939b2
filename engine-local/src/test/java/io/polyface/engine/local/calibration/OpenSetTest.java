package io.polyface.engine.local.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.LabelledFaces.Photo;
import io.polyface.engine.local.calibration.OpenSet.Answer;
import io.polyface.engine.local.calibration.OpenSet.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The open-set split and its tally. */
class OpenSetTest {
    @TempDir
    Path dir;

    @Test
    void everyOtherPersonIsEnrolledWithTheirFirstPhoto() {
        OpenSet.Split split = OpenSet.split(SyntheticFaces.write(dir));

        // ann, bob, cat, compreface_B, deepface_id01 in name order: ann, cat, deepface_id01 enrolled.
        assertThat(split.gallery()).extracting(Photo::file)
                .containsExactly("ann/s1_a1.jpg", "cat/s2_c1.jpg", "deepface_id01/s2_d1.jpg");
        assertThat(split.enrolledProbes()).extracting(Photo::file)
                .containsExactly("ann/s1_a2.jpg", "ann/s1_a3.jpg", "cat/s2_c2.jpg", "deepface_id01/s2_d2.jpg");
        assertThat(split.strangerProbes()).extracting(Photo::file)
                .containsExactly("bob/s1_b1.jpg", "bob/s1_b2.jpg", "compreface_B/s3_e1.jpg");
    }

    @Test
    void aProbeCountsAsFoundOnlyAsItselfAtOrAboveTheThreshold() {
        OpenSet.Split split = OpenSet.split(SyntheticFaces.write(dir));
        List<Answer> answers = List.of(
                new Answer(split.enrolledProbes().get(0), Optional.of("ann"), 0.8),
                new Answer(split.enrolledProbes().get(1), Optional.of("ann"), 0.45),
                new Answer(split.enrolledProbes().get(2), Optional.of("ann"), 0.9),
                new Answer(split.enrolledProbes().get(3), Optional.empty(), -1),
                new Answer(split.strangerProbes().get(0), Optional.of("cat"), 0.6),
                new Answer(split.strangerProbes().get(1), Optional.of("cat"), 0.3),
                new Answer(split.strangerProbes().get(2), Optional.empty(), -1));

        Outcome strict = OpenSet.outcome(split, answers, 0.5);
        Outcome loose = OpenSet.outcome(split, answers, 0.2);

        assertThat(strict.rankOne()).isEqualTo(1);
        assertThat(strict.rankOneRate()).isEqualTo(0.25);
        assertThat(strict.falseAccepts()).isEqualTo(1);
        assertThat(strict.strangersAccepted()).containsExactly("bob/s1_b1.jpg -> cat at 0.600");
        assertThat(strict.misses()).containsExactly("ann/s1_a3.jpg -> no hit", "cat/s2_c2.jpg -> ann at 0.900",
                "deepface_id01/s2_d2.jpg -> no hit");
        assertThat(loose.rankOne()).isEqualTo(2);
        assertThat(loose.falseAccepts()).isEqualTo(2);
    }

    @Test
    void theBestMatchesAreThoseOfTheMainFaces() {
        LabelledFaces faces = SyntheticFaces.write(dir);
        FaceScores scores = FaceScores.measure(faces, new SyntheticFaces.Analyzer(), SyntheticFaces.VERSION);
        OpenSet.Split split = OpenSet.split(faces);

        List<Answer> answers = OpenSet.bestMatches(split, scores);

        assertThat(answers).hasSize(7);
        assertThat(answers.get(0).identity()).contains("ann");
        // cat's second photo does not decode: no face, no answer.
        assertThat(answers.get(2).identity()).isEmpty();
        assertThat(OpenSet.outcome(split, answers, -1).rankOne()).isEqualTo(3);
    }

    @Test
    void eachRateKeepsItsOwnPromise() {
        Outcome allFound = new Outcome(0.5, 4, 4, 3, 0, List.of(), List.of());
        Outcome fourOfFive = new Outcome(0.5, 5, 4, 3, 0, List.of("a -> no hit"), List.of());
        Outcome strangerIn = new Outcome(0.5, 4, 4, 3, 1, List.of(), List.of("b -> ann at 0.600"));
        Outcome halfFound = new Outcome(0.5, 4, 2, 3, 0, List.of(), List.of());

        assertThat(OpenSet.broken(1e-3, allFound, 1.0)).isEmpty();
        assertThat(OpenSet.broken(1e-3, fourOfFive, 0.8)).isEmpty();
        assertThat(OpenSet.broken(1e-3, strangerIn, 1.0)).get().asString().startsWith("a stranger accepted at FAR 1.0e-3");
        assertThat(OpenSet.broken(1e-3, halfFound, 0.5)).get().asString().contains("rank-1 below 0.8");
        assertThat(OpenSet.broken(1e-4, fourOfFive, 0.8)).isEmpty();
        assertThat(OpenSet.broken(1e-4, allFound, 0.8)).get().asString().contains("rank-1 above");
        assertThat(OpenSet.broken(1e-5, strangerIn, 1.0)).isPresent();
        assertThat(OpenSet.broken(1e-2, strangerIn, 0.75)).isEmpty();
        assertThat(OpenSet.broken(1e-1, fourOfFive, 0.8)).get().asString().contains("an enrolled person not found");
    }
}
