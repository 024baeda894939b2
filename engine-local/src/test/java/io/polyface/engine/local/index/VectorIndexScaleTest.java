package io.polyface.engine.local.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.index.VectorIndex.Hit;
import io.polyface.engine.local.index.VectorIndex.Path;
import io.polyface.engine.local.index.hnsw.GraphLifecycle;
import io.polyface.engine.local.index.hnsw.GraphSpaceTest;
import io.polyface.engine.local.pipeline.OnnxFacePipeline;
import io.polyface.engine.local.pipeline.TestFaces;
import io.polyface.spi.engine.DetectedFace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The search paths for large collections: the int8 scan with float32 re-scoring, the split scan,
 * and the HNSW graph (recall against exact, and consistency under concurrent writes). Asserts
 * results, never time.
 */
class VectorIndexScaleTest {

    @Test
    void int8RescoredAndSplitScansEqualTheFloat32Scan() {
        IndexSettings settings = IndexSettings.exactSingleThreaded()
                .withInt8Scan(true, 1).withSearchThreads(3).withParallelScanRows(700);
        Random random = new Random(3);
        try (IndexRuntime runtime = new IndexRuntime(settings)) {
            for (int dimension : new int[] {5, 64, 512}) {
                VectorIndex index = new VectorIndex(dimension, runtime);
                VectorIndex plain = new VectorIndex(dimension);
                for (int i = 0; i < 4000; i++) {
                    float[] v = VectorIndexTest.unit(dimension, random);
                    index.add("id" + i, "tag" + random.nextInt(500), v);
                    plain.add("id" + i, "tag" + (i % 500), v);
                }
                // Deletes swap rows (and their int8 copies) around.
                for (int i = 0; i < 4000; i += 7) {
                    index.remove("id" + i);
                    plain.remove("id" + i);
                }
                for (int q = 0; q < 30; q++) {
                    float[] probe = VectorIndexTest.unit(dimension, random);
                    for (int k : new int[] {1, 10, 57}) {
                        for (boolean distinct : new boolean[] {false, true}) {
                            double minScore = q % 3 == 0 ? 0.05 : -1;
                            List<Hit> expected = index.search(probe, k, minScore, distinct, Optional.of(Path.FLOAT32));
                            assertThat(ids(index.search(probe, k, minScore, distinct, Optional.of(Path.INT8_RESCORED))))
                                    .containsExactlyElementsOf(ids(expected));
                            if (!distinct) {
                                assertThat(ids(plain.search(probe, k, minScore, false))).containsExactlyElementsOf(ids(expected));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void int8KeepsTheTopTenOfTheLabelledFaces() {
        List<float[]> embeddings = new ArrayList<>();
        try (OnnxFacePipeline pipeline = OnnxFacePipeline.open()) {
            for (TestFaces.Entry entry : TestFaces.manifest()) {
                List<DetectedFace> faces;
                try {
                    faces = pipeline.analyze(TestFaces.read(entry.file()));
                } catch (RuntimeException e) {
                    continue; // the edge-case files include undecodable ones
                }
                faces.forEach(face -> embeddings.add(face.embedding().vector()));
            }
        }
        assertThat(embeddings).hasSizeGreaterThan(50);
        try (IndexRuntime runtime = new IndexRuntime(IndexSettings.exactSingleThreaded().withInt8Scan(true, 1))) {
            VectorIndex index = new VectorIndex(embeddings.getFirst().length, runtime);
            for (int i = 0; i < embeddings.size(); i++) {
                index.add("face" + i, "face" + i, embeddings.get(i));
            }
            for (float[] probe : embeddings) {
                List<String> exact = ids(index.search(probe, 10, -1, false, Optional.of(Path.FLOAT32)));
                assertThat(ids(index.search(probe, 10, -1, false, Optional.of(Path.INT8_RESCORED)))).containsExactlyElementsOf(exact);
                // The int8 scores alone find the same best face; further down, near-ties of strangers
                // can swap, which is why the float32 re-scoring is not optional.
                assertThat(index.searchInt8Unrescored(probe, 10).getFirst().faceId()).isEqualTo(exact.getFirst());
            }
        }
    }

    @Test
    void hnswRecallAtTenIsAtLeast99PercentOnFaceLikeData() {
        int dimension = 512;
        int identities = 4000;
        int perIdentity = 5;
        Random random = new Random(11);
        // The defaults' two shards, walked side by side.
        IndexSettings settings = IndexSettings.exactSingleThreaded().withHnsw(10_000, IndexSettings.defaults().hnswEfSearch())
                .withSearchThreads(2).withHnswShards(2);
        try (IndexRuntime runtime = new IndexRuntime(settings)) {
            VectorIndex index = new VectorIndex(dimension, runtime);
            List<float[]> centres = new ArrayList<>();
            for (int p = 0; p < identities; p++) {
                float[] centre = VectorIndexTest.unit(dimension, random);
                centres.add(centre);
                for (int s = 0; s < perIdentity; s++) {
                    index.add("p" + p + "-" + s, "p" + p, sample(centre, 0.7, random));
                }
            }
            awaitGraph(index);
            double found = 0;
            int queries = 200;
            for (int q = 0; q < queries; q++) {
                float[] probe = sample(centres.get(random.nextInt(identities)), 0.7, random);
                Set<String> exact = new HashSet<>(ids(index.search(probe, 10, -1, false, Optional.of(Path.FLOAT32))));
                List<String> graph = ids(index.search(probe, 10, -1, false, Optional.of(Path.GRAPH)));
                found += graph.stream().filter(exact::contains).count();
            }
            assertThat(found / (queries * 10)).isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void aGraphInAProjectedSpaceTakesFacesAddedDuringItsBuildAndReturnsExactScores() throws Exception {
        int dimension = 128;
        int rows = 6000;
        Random random = new Random(13);
        float[] lowRank = GraphSpaceTest.lowRank(rows + 2000, 24, 0.02, random);
        IndexSettings settings = IndexSettings.exactSingleThreaded().withHnsw(rows, 200);
        try (IndexRuntime runtime = new IndexRuntime(settings)) {
            VectorIndex index = new VectorIndex(dimension, runtime);
            for (int i = 0; i < rows; i++) {
                index.add("f" + i, "t" + i, java.util.Arrays.copyOfRange(lowRank, i * dimension, (i + 1) * dimension));
            }
            // The graph is now being fitted and built: these arrive while it is, some before its space exists.
            for (int i = rows; i < rows + 2000; i++) {
                index.add("f" + i, "t" + i, java.util.Arrays.copyOfRange(lowRank, i * dimension, (i + 1) * dimension));
            }
            awaitGraph(index);

            assertThat(index.graphSpace()).get().satisfies(space -> {
                assertThat(space.isIdentity()).isFalse();
                assertThat(space.dimension()).isLessThan(dimension);
            });
            double found = 0;
            int queries = 100;
            for (int q = 0; q < queries; q++) {
                int source = random.nextInt(rows + 2000);
                float[] probe = java.util.Arrays.copyOfRange(lowRank, source * dimension, (source + 1) * dimension);
                List<Hit> exact = index.search(probe, 10, -1, false, Optional.of(Path.FLOAT32));
                List<Hit> graph = index.search(probe, 10, -1, false, Optional.of(Path.GRAPH));
                assertThat(graph.getFirst().faceId()).isEqualTo("f" + source);
                // Candidates come from the projection, scores from the full vectors.
                assertThat(graph.getFirst().score()).isEqualTo(exact.getFirst().score());
                Set<String> truth = new HashSet<>(ids(exact));
                found += graph.stream().filter(h -> truth.contains(h.faceId())).count();
            }
            assertThat(found / (queries * 10)).isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void facesAddedToAReadyGraphAreFoundAtOnceAndWalkedAfterTheNextSeal() {
        int dimension = 64;
        int rows = 3000;
        int added = GraphLifecycle.SEAL_EVERY + 500;
        Random random = new Random(17);
        float[][] vectors = new float[rows + added][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = VectorIndexTest.unit(dimension, random);
        }
        IndexSettings settings = IndexSettings.exactSingleThreaded().withHnsw(rows, 200).withSearchThreads(2).withHnswShards(2);
        try (IndexRuntime runtime = new IndexRuntime(settings)) {
            VectorIndex index = new VectorIndex(dimension, runtime);
            for (int i = 0; i < rows; i++) {
                index.add("f" + i, "t" + i, vectors[i]);
            }
            awaitGraph(index);
            assertThat(index.graphSealedNodes()).isEqualTo(rows);

            for (int i = rows; i < rows + added; i++) {
                index.add("f" + i, "t" + i, vectors[i]);
                if (i % 500 == 0) {
                    // Not in the walked graph yet, and found all the same.
                    assertThat(index.search(vectors[i], 1, -1, false, Optional.of(Path.GRAPH)).getFirst().faceId())
                            .isEqualTo("f" + i);
                }
            }
            awaitGraph(index);
            // The inserter seals right after its last insertion.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (index.graphSealedNodes() < rows + GraphLifecycle.SEAL_EVERY && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            // The seal after SEAL_EVERY insertions walks them; the rest of the tail is scored exactly.
            assertThat(index.graphSealedNodes()).isBetween(rows + GraphLifecycle.SEAL_EVERY, rows + added);
            for (int q = 0; q < 100; q++) {
                int source = rows + random.nextInt(added);
                assertThat(index.search(vectors[source], 1, -1, false, Optional.of(Path.GRAPH)).getFirst().faceId())
                        .isEqualTo("f" + source);
            }
        }
    }

    @Test
    void hnswStaysConsistentUnderConcurrentInsertsDeletesAndSearches() throws Exception {
        int dimension = 64;
        IndexSettings settings = IndexSettings.exactSingleThreaded().withHnsw(3000, 64).withSearchThreads(2).withHnswShards(2);
        try (IndexRuntime runtime = new IndexRuntime(settings)) {
            VectorIndex index = new VectorIndex(dimension, runtime);
            Random seed = new Random(5);
            Map<String, float[]> live = new ConcurrentHashMap<>();
            for (int i = 0; i < 4000; i++) {
                float[] v = VectorIndexTest.unit(dimension, seed);
                live.put("base" + i, v);
                index.add("base" + i, "base" + i, v);
            }
            awaitGraph(index);
            // A delete is stamped after it returns; a search begun after the stamp must not see the id.
            AtomicLong clock = new AtomicLong();
            Map<String, Long> deletedAt = new ConcurrentHashMap<>();
            WritersAndReaders.run(3, writer -> {
                Random random = new Random(100 + writer);
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < 1500; i++) {
                    String id = "w" + writer + "-" + i;
                    float[] v = VectorIndexTest.unit(dimension, random);
                    index.add(id, id, v);
                    live.put(id, v);
                    mine.add(id);
                    // Findable as soon as the add returns, graph or no graph.
                    assertThat(ids(index.search(v, 10, -1, false))).contains(id);
                    if (i % 2 == 1) {
                        String victim = i % 4 == 1 ? mine.remove(random.nextInt(mine.size())) : "base" + (writer * 1000 + i);
                        live.remove(victim);
                        index.remove(victim);
                        deletedAt.put(victim, clock.incrementAndGet());
                    }
                }
            }, 2, reader -> {
                Random random = new Random(200 + reader);
                return searches -> {
                    long before = clock.get();
                    float[] probe = VectorIndexTest.unit(dimension, random);
                    for (Hit hit : index.search(probe, 10, -1, searches % 2 == 0)) {
                        Long stamp = deletedAt.get(hit.faceId());
                        assertThat(stamp == null || stamp > before)
                                .as("%s deleted at %s, search began at %s", hit.faceId(), stamp, before).isTrue();
                    }
                };
            }, 20, Duration.ofMinutes(5));
            assertThat(index.size()).isEqualTo(live.size());
            // Every live face is still found by its own vector, and no deleted one is.
            int selfFound = 0;
            for (Map.Entry<String, float[]> e : live.entrySet()) {
                List<String> hits = ids(index.search(e.getValue(), 10, -1, false));
                assertThat(hits).doesNotContainAnyElementsOf(deletedAt.keySet());
                if (hits.contains(e.getKey())) {
                    selfFound++;
                }
            }
            assertThat((double) selfFound / live.size()).isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void aHeldGraphStartsOnReleaseAndAClosedIndexAnswersExactly() {
        try (IndexRuntime runtime = new IndexRuntime(IndexSettings.exactSingleThreaded().withHnsw(200, 64))) {
            VectorIndex index = new VectorIndex(16, runtime);
            index.holdGraph(true);
            Random random = new Random(9);
            for (int i = 0; i < 500; i++) {
                index.add("id" + i, "t", VectorIndexTest.unit(16, random));
            }
            assertThat(index.graphBytes()).isZero();
            index.holdGraph(false);
            awaitGraph(index);
            float[] probe = VectorIndexTest.unit(16, random);
            List<String> exact = ids(index.search(probe, 5, -1, false, Optional.of(Path.FLOAT32)));

            index.close();
            assertThat(index.graphReady()).isFalse();
            index.add("late", "t", probe);
            assertThat(index.graphBytes()).isZero();
            assertThat(ids(index.search(probe, 6, -1, false))).first().isEqualTo("late");
            assertThat(ids(index.search(probe, 6, -1, false)).subList(1, 6)).containsExactlyElementsOf(exact);
        }
    }

    static void awaitGraph(VectorIndex index) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!index.graphReady() || index.graphBacklog() > 0) {
            assertThat(System.nanoTime()).as("graph built within 5 minutes").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A unit vector at about {@code spread} (relative) from {@code centre}: another photo of one face. */
    static float[] sample(float[] centre, double spread, Random random) {
        float[] noise = VectorIndexTest.unit(centre.length, random);
        float[] v = new float[centre.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (centre[i] + spread * noise[i]);
        }
        return UnitVectors.normalised(v);
    }

    private static List<String> ids(List<Hit> hits) {
        return hits.stream().map(Hit::faceId).toList();
    }
}
