package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.DetectedFace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedPipeline.class)
class OnnxFacePipelineTest {

    private static OnnxFacePipeline pipeline;

    @BeforeAll
    static void open(OnnxFacePipeline shared) {
        pipeline = shared;
    }

    @Test
    void singlePortraitGivesOneCompleteFace() {
        List<DetectedFace> faces = pipeline.analyze(TestFaces.read("edge/facerec_32bit.png"));
        assertThat(faces).hasSize(1);
        DetectedFace face = faces.getFirst();
        assertThat(face.confidence()).isBetween(0.65, 1.0);
        assertThat(face.landmarks()).hasSize(5);
        assertThat(face.embedding().vector()).hasSize(512);
        assertThat(face.embedding().featureVersion()).isEqualTo("fr-feature-v1");
        assertThat(face.embedding().cosine(face.embedding())).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        // eyes above the nose, nose above the mouth, left eye left of the right eye, all inside the box
        var p = face.landmarks();
        assertThat(p.get(0).x()).isLessThan(p.get(1).x());
        assertThat(p.get(2).y()).isGreaterThan(p.get(0).y()).isLessThan(p.get(3).y());
        for (var point : p) {
            assertThat(point.x()).isBetween(face.box().x(), face.box().x() + face.box().width());
            assertThat(point.y()).isBetween(face.box().y(), face.box().y() + face.box().height());
        }
    }

    @Test
    void mainFaceComesFirst() {
        List<DetectedFace> faces = pipeline.analyze(TestFaces.read("multi/faceapijs_bbt4.jpg"));
        assertThat(faces).hasSizeGreaterThan(1);
        assertThat(faces).isSortedAccordingTo(OnnxFacePipeline.MAIN_FACE_FIRST);
        assertThat(faces.getFirst().box().area()).isEqualTo(faces.stream().mapToDouble(f -> f.box().area()).max().orElseThrow());
    }

    @Test
    void noFaceGivesAnEmptyList() {
        assertThat(pipeline.analyze(TestFaces.read("nonface/faceapijs_white.png"))).isEmpty();
    }

    @Test
    void brokenInputIsReportedNotCrashed() {
        assertThatThrownBy(() -> pipeline.analyze(TestFaces.read("edge/compreface_truncated.jpg")))
                .isInstanceOf(FaceException.UndecodableImage.class);
        assertThatThrownBy(() -> pipeline.analyze(new byte[0])).isInstanceOf(FaceException.UndecodableImage.class);
    }

    @Test
    void concurrentCallsGiveTheSameAnswers() throws Exception {
        List<String> files = List.of("multi/faceapijs_bbt4.jpg", "obama/facerec_obama.jpg", "multi/compreface_016_8.jpg",
                "edge/deepface_img47.jpg");
        List<List<DetectedFace>> expected = new ArrayList<>();
        for (String f : files) {
            expected.add(pipeline.analyze(TestFaces.read(f)));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < files.size(); i++) {
                    int k = i;
                    results.add(pool.submit(() -> pipeline.analyze(TestFaces.read(files.get(k))).equals(expected.get(k))));
                }
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        }
    }

    @Test
    void closedPipelineRefusesWork() {
        OnnxFacePipeline other = OnnxFacePipeline.open();
        other.close();
        other.close(); // idempotent
        assertThatThrownBy(() -> other.analyze(TestFaces.read("obama/facerec_obama.jpg")))
                .isInstanceOf(FaceException.Internal.class);
    }
}
