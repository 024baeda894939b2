package io.polyface.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Orientation;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the in-memory engine does beyond the contract: its detection rules and shared stores. */
class InMemoryFaceEngineTest {
    private static final CollectionRef PEOPLE = new CollectionRef("t", "people");

    @Test
    void aRegisteredImageHoldsTheFacesATestGaveIt() {
        InMemoryFaceEngine engine = InMemoryFaceEngine.builder().detector(ImageDetector.nothing()).build();
        byte[] image = {1, 2, 3};
        DetectedFace face = new DetectedFace(new BoundingBox(1, 2, 30, 40), 0.9, List.of(),
                new Embedding(new float[] {0, 1, 0}, "any"));

        engine.faces(image, face);

        assertThat(engine.detect(image)).singleElement().satisfies(found -> {
            assertThat(found.box()).isEqualTo(face.box());
            assertThat(found.embedding().featureVersion()).isEqualTo(InMemoryFaceEngine.DEFAULT_VERSION);
        });
        assertThat(engine.detect(new byte[] {9})).isEmpty();
    }

    @Test
    void aPairPictureHoldsTwoFacesAndAPictureOnItsSideIsNotUpright() {
        InMemoryFaceEngine engine = InMemoryFaceEngine.create();

        assertThat(engine.detect(TestPictures.pair(Color.RED, Color.BLUE))).hasSize(2);
        BufferedImage noMarker = TestPictures.picture(60, 60, Color.GREEN);
        Graphics2D g = noMarker.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, 60, 60);
        g.dispose();
        byte[] sideways = TestPictures.encode(noMarker, "png");
        assertThat(engine.analyze(sideways, Set.of(FaceFeature.QUALITY))).singleElement()
                .satisfies(f -> assertThat(f.details().quality().orElseThrow().orientation()).isEqualTo(Orientation.LEFT));
    }

    @Test
    void enginesSharingAStoreSeeTheSameFaces() {
        InMemoryFaceEngine first = InMemoryFaceEngine.builder().name("first").build();
        InMemoryFaceEngine second = InMemoryFaceEngine.builder().name("second").sharingDataWith(first).build();

        first.createCollection(PEOPLE, CollectionSpec.unlimited());
        assertThat(second.addFaces(PEOPLE, List.of(NewFace.of(TestPictures.png(Color.RED), "red"))))
                .singleElement().isInstanceOf(EnrolOutcome.Enrolled.class);

        assertThat(first.facesByTag(PEOPLE, "red")).hasSize(1);
        assertThat(second.name()).isEqualTo("second");
    }
}
