package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static io.polyface.engine.local.LocalFaceEngineTest.enrolled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faces given as vectors: stored like any face's embedding, searched by inner product of the
 * vectors as given, written all or none, and still there after a reopen.
 */
class LocalFaceEngineVectorsTest {
    private static final CollectionRef GROUP = new CollectionRef("acme", "features");
    private static final int DIMENSION = FakeFaceAnalyzer.DIMENSION;

    @TempDir
    Path directory;

    /** Values in [-1, 1), not normalised: what a client's own extractor (or a load test) sends. */
    private static float[] vector(long seed) {
        Random random = new Random(seed);
        float[] v = new float[DIMENSION];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static List<SearchHit> search(LocalFaceEngine engine, float[] probe, int k, double minScore) {
        String version = engine.collection(GROUP).orElseThrow().featureVersion();
        return engine.search(new SearchQuery(List.of(GROUP), new Probe.EmbeddingProbe(new Embedding(probe, version)),
                k, minScore, false)).hits();
    }

    @Test
    void vectorsAreStoredAsGivenAndScoredByTheirInnerProduct() {
        try (LocalFaceEngine engine = LocalEngines.embedded(directory)) {
            engine.createCollection(GROUP, CollectionSpec.unlimited());
            List<VectorFace> faces = List.of(
                    new VectorFace("a", "tag-a", Optional.of("{\"n\":1}"), Optional.empty(),
                            Optional.of(new BoundingBox(10, 20, 30, 40)), vector(1)),
                    VectorFace.of("b", "", vector(2)),
                    VectorFace.of("c", "", vector(3)));
            List<StoredFace> stored = engine.addVectors(GROUP, faces);

            assertThat(stored).extracting(StoredFace::faceId).containsExactly("a", "b", "c");
            assertThat(stored.getFirst().box()).isEqualTo(new BoundingBox(10, 20, 30, 40));
            assertThat(stored.get(1).box()).isEqualTo(FaceWriter.NO_BOX);
            assertThat(stored).allSatisfy(f -> assertThat(f.imageId()).isEmpty());
            assertThat(engine.embedding(GROUP, "a").orElseThrow().vector()).containsExactly(vector(1));
            assertThat(engine.collection(GROUP).orElseThrow().faceCount()).isEqualTo(3);

            float[] probe = vector(2);
            List<SearchHit> hits = search(engine, probe, 3, -1000);
            assertThat(hits).first().satisfies(hit -> {
                assertThat(hit.face().faceId()).isEqualTo("b");
                // |v|^2 of 512 values uniform in [-1, 1) is about 170: the score is not a cosine
                assertThat(hit.score()).isCloseTo(dot(probe, vector(2)), within(1e-3)).isGreaterThan(100);
            });
            for (SearchHit hit : hits) {
                float[] stored2 = engine.embedding(GROUP, hit.face().faceId()).orElseThrow().vector();
                assertThat(hit.score()).isCloseTo(dot(probe, stored2), within(1e-3));
            }
            assertThat(search(engine, probe, 3, 50)).extracting(h -> h.face().faceId()).containsExactly("b");
        }
    }

    @Test
    void aBatchGoesInWhollyOrNotAtAll() {
        try (LocalFaceEngine engine = LocalEngines.embedded(directory)) {
            engine.createCollection(GROUP, CollectionSpec.unlimited());
            engine.addVectors(GROUP, List.of(VectorFace.of("a", "", vector(1))));

            assertThatThrownBy(() -> engine.addVectors(GROUP, List.of(VectorFace.of("new", "", vector(2)),
                    VectorFace.of("a", "", vector(3)))))
                    .isInstanceOfSatisfying(FaceException.AlreadyExists.class, e -> assertThat(e.id()).isEqualTo("a"));
            assertThatThrownBy(() -> engine.addVectors(GROUP, List.of(VectorFace.of("x", "", vector(2)),
                    VectorFace.of("x", "", vector(3)))))
                    .isInstanceOf(FaceException.AlreadyExists.class);
            assertThatThrownBy(() -> engine.addVectors(GROUP, List.of(VectorFace.of("y", "", vector(2)),
                    VectorFace.of("short", "", new float[DIMENSION - 1]))))
                    .isInstanceOf(FaceException.InvalidArgument.class).hasMessageContaining("511 values");
            float[] nan = vector(4);
            nan[7] = Float.NaN;
            assertThatThrownBy(() -> engine.addVectors(GROUP, List.of(VectorFace.of("z", "", nan))))
                    .isInstanceOf(FaceException.InvalidArgument.class).hasMessageContaining("not finite");
            assertThatThrownBy(() -> engine.addVectors(GROUP, List.of(VectorFace.of(" ", "", vector(5)))))
                    .isInstanceOf(FaceException.InvalidArgument.class);
            assertThatThrownBy(() -> engine.addVectors(new CollectionRef("acme", "nope"), List.of(VectorFace.of("q", "", vector(5)))))
                    .isInstanceOf(FaceException.NotFound.class);

            assertThat(engine.collection(GROUP).orElseThrow().faceCount()).isEqualTo(1);
            assertThat(engine.face(GROUP, "new")).isEmpty();
            assertThat(search(engine, vector(2), 10, -1000)).extracting(h -> h.face().faceId()).containsExactly("a");
        }
    }

    @Test
    void capacityAndTagLimitsHoldForVectorsToo() {
        try (LocalFaceEngine engine = LocalEngines.embedded(directory)) {
            engine.createCollection(GROUP, new CollectionSpec(OptionalLong.of(3), OptionalInt.of(2), OptionalInt.empty()));
            assertThatThrownBy(() -> engine.addVectors(GROUP, List.of(VectorFace.of("a", "t", vector(1)),
                    VectorFace.of("b", "t", vector(2)), VectorFace.of("c", "t", vector(3)))))
                    .isInstanceOf(FaceException.QuotaExceeded.class);
            engine.addVectors(GROUP, List.of(VectorFace.of("a", "t", vector(1)), VectorFace.of("b", "u", vector(2)),
                    VectorFace.of("c", "u", vector(3))));
            assertThatThrownBy(() -> engine.addVectors(GROUP, List.of(VectorFace.of("d", "v", vector(4)))))
                    .isInstanceOfSatisfying(FaceException.QuotaExceeded.class,
                            e -> assertThat(e.quota()).isEqualTo(FaceException.Quota.COLLECTION_CAPACITY));
            // moving a face to a full tag is refused; moving within it is not
            assertThatThrownBy(() -> engine.replaceVectors(GROUP, List.of(VectorFace.of("a", "u", vector(1)))))
                    .isInstanceOf(FaceException.QuotaExceeded.class);
            assertThat(engine.replaceVectors(GROUP, List.of(VectorFace.of("b", "u", vector(9))))).hasSize(1);
        }
    }

    @Test
    void aReplacementChangesVectorTagDescriptionAndBoxButKeepsIdAndCreationTime() {
        try (LocalFaceEngine engine = LocalEngines.embedded(directory)) {
            engine.createCollection(GROUP, CollectionSpec.unlimited());
            StoredFace before = engine.addVectors(GROUP, List.of(new VectorFace("a", "old", Optional.of("\"d\""),
                    Optional.empty(), Optional.of(new BoundingBox(1, 1, 5, 5)), vector(1)))).getFirst();
            engine.addVectors(GROUP, List.of(VectorFace.of("b", "", vector(2))));

            List<StoredFace> after = engine.replaceVectors(GROUP, List.of(VectorFace.of("a", "new", vector(3))));

            assertThat(after.getFirst()).isEqualTo(new StoredFace("a", GROUP, "new", Optional.empty(), Optional.empty(),
                    FaceWriter.NO_BOX, "", before.createdAt()));
            assertThat(engine.face(GROUP, "a")).contains(after.getFirst());
            assertThat(engine.collection(GROUP).orElseThrow().faceCount()).isEqualTo(2);
            assertThat(search(engine, vector(3), 1, -1000)).extracting(h -> h.face().faceId()).containsExactly("a");
            assertThat(search(engine, vector(1), 2, -1000)).extracting(h -> h.face().tag()).contains("new");

            assertThatThrownBy(() -> engine.replaceVectors(GROUP, List.of(VectorFace.of("b", "", vector(4)),
                    VectorFace.of("missing", "", vector(5)))))
                    .isInstanceOfSatisfying(FaceException.NotFound.class, e -> assertThat(e.id()).isEqualTo("missing"));
            assertThat(engine.embedding(GROUP, "b").orElseThrow().vector()).as("nothing replaced").containsExactly(vector(2));
            assertThatThrownBy(() -> engine.replaceVectors(GROUP, List.of(VectorFace.of("b", "", vector(4)),
                    VectorFace.of("b", "", vector(5)))))
                    .isInstanceOf(FaceException.InvalidArgument.class).hasMessageContaining("twice");
        }
    }

    @Test
    void aFaceEnrolledFromAnImageCanBeReplacedByAVectorAndItsImageGoes() {
        try (LocalFaceEngine engine = LocalEngines.embedded(directory)) {
            engine.createCollection(GROUP, CollectionSpec.unlimited());
            StoredFace photo = enrolled(engine.addFaces(GROUP, List.of(NewFace.of(face("alice"), "alice").withFaceId("p")))
                    .getFirst());
            assertThat(engine.image("acme", photo.imageId())).isPresent();

            engine.replaceVectors(GROUP, List.of(VectorFace.of("p", "alice", vector(7))));

            assertThat(engine.embedding(GROUP, "p").orElseThrow().vector()).containsExactly(vector(7));
            assertThat(engine.image("acme", photo.imageId())).isEmpty();
            // searched together with faces from images, in the one index
            engine.addFaces(GROUP, List.of(NewFace.of(face("bob"), "bob")));
            assertThat(search(engine, vector(7), 1, -1000)).extracting(h -> h.face().faceId()).containsExactly("p");
        }
    }

    @Test
    void vectorsSurviveAReopenAndTheRebuiltIndexFindsThem() {
        List<VectorFace> faces = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> VectorFace.of("f" + i, "t" + (i % 5), vector(100 + i)))
                .toList();
        try (LocalFaceEngine engine = LocalEngines.embedded(directory)) {
            engine.createCollection(GROUP, CollectionSpec.unlimited());
            engine.addVectors(GROUP, faces);
            engine.replaceVectors(GROUP, List.of(VectorFace.of("f0", "moved", vector(999))));
        }
        try (LocalFaceEngine reopened = LocalEngines.embedded(directory)) {
            assertThat(reopened.collection(GROUP).orElseThrow().faceCount()).isEqualTo(50);
            assertThat(reopened.face(GROUP, "f0").orElseThrow().tag()).isEqualTo("moved");
            for (int i = 1; i < 50; i += 7) {
                List<SearchHit> hits = search(reopened, vector(100 + i), 1, -1000);
                assertThat(hits).extracting(h -> h.face().faceId()).containsExactly("f" + i);
                assertThat(hits.getFirst().score()).isCloseTo(dot(vector(100 + i), vector(100 + i)), within(1e-3));
            }
            assertThat(search(reopened, vector(999), 1, -1000)).extracting(h -> h.face().faceId()).containsExactly("f0");
            assertThat(reopened.checkImages(GROUP).available()).as("no image to extract them again from").isZero();
        }
    }
}
