package io.polyface.engine.local.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.engine.local.calibration.FaceScores.Comparison;
import io.polyface.engine.local.calibration.FaceScores.Kind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which comparisons the labelled faces give, and how each is counted. */
class FaceScoresTest {
    @TempDir
    Path dir;

    @Test
    void everyPairIsComparedOnceAndCountedByWhatTheSetKnows() {
        LabelledFaces faces = SyntheticFaces.write(dir);
        FaceScores scores = FaceScores.measure(faces, new SyntheticFaces.Analyzer(), SyntheticFaces.VERSION);

        assertThat(faces.photos()).hasSize(10);
        assertThat(faces.groupPhotos()).containsExactly("multi/s1_group.jpg");
        assertThat(scores.faceless()).containsExactly("cat/s2_c2.jpg");
        assertThat(scores.mainFaces()).hasSize(9);
        // ann 3 + bob 1 + deepface_id01 1 genuine pairs among the 9 photos with a face.
        assertThat(count(scores, Kind.GENUINE)).isEqualTo(5);
        // compreface_B (s3) against every other source's photo, deepface_id01 against s1: unnamed across sources.
        assertThat(count(scores, Kind.ACROSS_SOURCES)).isEqualTo(8 + 2 * 5);
        assertThat(count(scores, Kind.KNOWN_DIFFERENT)).isEqualTo(36 - 5 - 18);
        // Three faces of 100 px in the group photo; the 20 px one is left out.
        assertThat(scores.comparisons().stream().filter(c -> c.kind() == Kind.SAME_GROUP_PHOTO))
                .extracting(Comparison::first).containsExactlyInAnyOrder("multi/s1_group.jpg#0", "multi/s1_group.jpg#0",
                        "multi/s1_group.jpg#1");
        assertThat(scores.genuine().min()).isGreaterThan(scores.impostors().quantile(0.5));
    }

    @Test
    void theSetsRuleDecidesWhoIsKnownDifferent() {
        LabelledFaces.Photo ann = new LabelledFaces.Photo("a", "ann", "s1");
        LabelledFaces.Photo bob = new LabelledFaces.Photo("b", "bob", "s2");
        LabelledFaces.Photo anonymousHere = new LabelledFaces.Photo("c", "deepface_id01", "s1");
        LabelledFaces.Photo anonymousThere = new LabelledFaces.Photo("d", "compreface_B", "s2");

        assertThat(LabelledFaces.difference(ann, ann)).isEqualTo(LabelledFaces.Difference.SAME_PERSON);
        assertThat(LabelledFaces.difference(ann, bob)).isEqualTo(LabelledFaces.Difference.KNOWN);
        assertThat(LabelledFaces.difference(ann, anonymousHere)).isEqualTo(LabelledFaces.Difference.KNOWN);
        assertThat(LabelledFaces.difference(ann, anonymousThere)).isEqualTo(LabelledFaces.Difference.ACROSS_SOURCES);
        assertThat(LabelledFaces.difference(anonymousHere, anonymousThere)).isEqualTo(LabelledFaces.Difference.ACROSS_SOURCES);
    }

    @Test
    void aDirectoryWithoutLabelledPhotosIsRefused() {
        assertThatThrownBy(() -> LabelledFaces.load(dir)).hasMessageContaining("labelled faces");
    }

    private static long count(FaceScores scores, Kind kind) {
        return scores.comparisons().stream().filter(c -> c.kind() == kind).count();
    }
}
