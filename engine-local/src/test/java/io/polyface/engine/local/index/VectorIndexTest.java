package io.polyface.engine.local.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

public class VectorIndexTest {

    private static final Random RANDOM = new Random(42);

    @Test
    void topKEqualsBruteForceOnRandomData() {
        for (int dimension : new int[] {3, 64, 100, 512}) {
            Map<String, float[]> vectors = randomVectors(3000, dimension);
            VectorIndex index = indexOf(vectors, id -> "tag-" + id);
            for (int q = 0; q < 20; q++) {
                float[] probe = unit(dimension);
                for (int k : new int[] {1, 10, 57}) {
                    assertSameHits(index.search(probe, k, -1, false), bruteForce(vectors, id -> "tag-" + id, probe, k, -1, false));
                }
            }
        }
    }

    @Test
    void rowsAreHandedOutInChunksWithoutTheLockAndAWriteMeanwhileIsReported() throws Exception {
        Map<String, float[]> vectors = randomVectors(2500, 8);
        VectorIndex index = indexOf(vectors, id -> "tag-" + id);

        // Untouched: every row once, with its tag and vector, across several chunks.
        Map<String, float[]> seen = new LinkedHashMap<>();
        assertThat(index.forEachRow(index.changes(), (id, tag, matrix, offset) -> {
            assertThat(tag).isEqualTo("tag-" + id);
            seen.put(id, Arrays.copyOfRange(matrix, offset, offset + 8));
        })).isTrue();
        assertThat(seen).hasSize(2500);
        vectors.forEach((id, vector) -> assertThat(seen.get(id)).containsExactly(vector));

        // A write from another thread while the rows are handed out goes through at once (the sink
        // holds no lock), and the copy is reported as not one state of the index.
        long before = index.changes();
        AtomicBoolean wrote = new AtomicBoolean();
        List<String> handedOut = new ArrayList<>();
        boolean whole = index.forEachRow(before, (id, tag, matrix, offset) -> {
            handedOut.add(id);
            if (handedOut.size() == 1) {
                java.util.concurrent.CompletableFuture.runAsync(() -> {
                    index.add("late", "tag-late", unit(8));
                    wrote.set(true);
                }).orTimeout(10, TimeUnit.SECONDS).join();
            }
        });
        assertThat(wrote).isTrue();
        assertThat(whole).isFalse();
        assertThat(handedOut).hasSizeLessThan(2501);
        assertThat(index.changes()).isGreaterThan(before);
        assertThat(index.forEachRow(before, (id, tag, matrix, offset) -> { })).isFalse();

        // A removal and a clear move it too.
        long afterAdd = index.changes();
        index.remove("late");
        assertThat(index.changes()).isGreaterThan(afterAdd);
        long afterRemove = index.changes();
        index.remove("no such face");
        assertThat(index.changes()).isEqualTo(afterRemove);
        index.clear();
        assertThat(index.changes()).isGreaterThan(afterRemove);
    }

    @Test
    void aLargeMatrixGrowsByAnEighthAndALoadReservesAnEighthMore() {
        VectorIndex small = new VectorIndex(4);
        for (int i = 0; i < 65; i++) {
            small.add("f" + i, "t", unit(4));
        }
        assertThat(small.capacity()).isEqualTo(128);

        VectorIndex loaded = new VectorIndex(4);
        loaded.reserve(80_000);
        assertThat(loaded.capacity()).isEqualTo(90_000);
        float[] vector = unit(4);
        for (int i = 0; i <= 90_000; i++) {
            loaded.add("f" + i, "t", vector);
        }
        assertThat(loaded.capacity()).isEqualTo(90_000 + 90_000 / 8);
        assertThat(loaded.size()).isEqualTo(90_001);
        assertThat(loaded.search(vector, 1, -1, false).getFirst().score()).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void distinctTagsKeepsTheBestFaceOfEachTag() {
        Map<String, float[]> vectors = randomVectors(4000, 128);
        Map<String, String> tagOf = new HashMap<>();
        vectors.keySet().forEach(id -> tagOf.put(id, "person-" + RANDOM.nextInt(300)));
        VectorIndex index = indexOf(vectors, tagOf::get);
        for (int q = 0; q < 20; q++) {
            float[] probe = unit(128);
            List<VectorIndex.Hit> hits = index.search(probe, 25, -1, true);
            assertSameHits(hits, bruteForce(vectors, tagOf::get, probe, 25, -1, true));
            assertThat(hits).extracting(VectorIndex.Hit::tag).doesNotHaveDuplicates();
        }
    }

    @Test
    void minScoreDropsWeakHitsAndKMayExceedSize() {
        Map<String, float[]> vectors = randomVectors(500, 32);
        VectorIndex index = indexOf(vectors, id -> id);
        float[] probe = unit(32);
        List<VectorIndex.Hit> hits = index.search(probe, 10_000, 0.1, false);
        assertSameHits(hits, bruteForce(vectors, id -> id, probe, 10_000, 0.1, false));
        assertThat(hits).isNotEmpty().allSatisfy(hit -> assertThat(hit.score()).isGreaterThanOrEqualTo(0.1f));
        assertThat(hits.size()).isLessThan(500);
    }

    @Test
    void removeSwapsTheLastRowInAndAddReplaces() {
        Map<String, float[]> vectors = randomVectors(1000, 48);
        VectorIndex index = indexOf(vectors, id -> id);
        List<String> ids = new ArrayList<>(vectors.keySet());
        for (int i = 0; i < ids.size(); i += 2) {
            assertThat(index.remove(ids.get(i))).isTrue();
            vectors.remove(ids.get(i));
        }
        assertThat(index.remove(ids.get(0))).isFalse();
        String replaced = ids.get(1);
        float[] moved = unit(48);
        index.add(replaced, replaced, moved);
        vectors.put(replaced, moved);

        assertThat(index.size()).isEqualTo(vectors.size());
        for (int q = 0; q < 10; q++) {
            float[] probe = unit(48);
            assertSameHits(index.search(probe, 15, -1, false), bruteForce(vectors, id -> id, probe, 15, -1, false));
        }
        assertThat(index.search(moved, 1, -1, false).getFirst().faceId()).isEqualTo(replaced);

        assertThat(index.removeAll(List.copyOf(vectors.keySet()))).isEqualTo(vectors.size());
        assertThat(index.size()).isZero();
        assertThat(index.search(moved, 5, -1, false)).isEmpty();
    }

    @Test
    void clearEmptiesTheIndexAndItGrowsAgain() {
        Map<String, float[]> vectors = randomVectors(300, 16);
        VectorIndex index = indexOf(vectors, id -> id);
        index.clear();
        assertThat(index.size()).isZero();
        float[] v = unit(16);
        index.add("again", "t", v);
        assertThat(index.search(v, 3, -1, false)).extracting(VectorIndex.Hit::faceId).containsExactly("again");
    }

    @Test
    void rejectsVectorsOfAnotherDimension() {
        VectorIndex index = new VectorIndex(8);
        assertThatThrownBy(() -> index.add("a", "t", new float[7])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.search(new float[9], 1, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentWritesAndSearchesStayConsistent() throws Exception {
        int dimension = 64;
        VectorIndex index = new VectorIndex(dimension);
        // Each id always maps to the same vector, so any hit can be checked for a torn row.
        Map<String, float[]> truth = new ConcurrentHashMap<>();
        int writers = 3;
        int perWriter = 3000;
        WritersAndReaders.run(writers, writer -> {
            Random random = new Random(writer);
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < perWriter; i++) {
                String id = "w" + writer + "-" + i;
                float[] vector = unit(dimension, random);
                truth.put(id, vector);
                index.add(id, "tag" + (i % 50), vector);
                mine.add(id);
                if (i % 3 == 2) {
                    String victim = mine.remove(random.nextInt(mine.size()));
                    assertThat(index.remove(victim)).isTrue();
                    truth.remove(victim);
                }
            }
        }, 2, reader -> {
            Random random = new Random(100 + reader);
            return searches -> {
                float[] probe = unit(dimension, random);
                List<VectorIndex.Hit> hits = index.search(probe, 10, -1, searches % 2 == 0);
                for (int i = 0; i < hits.size(); i++) {
                    VectorIndex.Hit hit = hits.get(i);
                    if (i > 0) {
                        assertThat(hit.score()).isLessThanOrEqualTo(hits.get(i - 1).score());
                    }
                    // The vector is the id's own: the writer put it in the map before the index.
                    float[] vector = truth.get(hit.faceId());
                    if (vector != null) {
                        assertThat(hit.score()).isCloseTo(dot(vector, probe), within(1e-4f));
                    }
                }
            };
        }, 10, Duration.ofMinutes(2));

        assertThat(index.size()).isEqualTo(truth.size()).isEqualTo(writers * (perWriter - perWriter / 3));
        truth.keySet().forEach(id -> assertThat(index.contains(id)).isTrue());
        for (int q = 0; q < 10; q++) {
            float[] probe = unit(dimension);
            assertSameHits(index.search(probe, 20, -1, false), bruteForce(truth, id -> "x", probe, 20, -1, false));
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /**
     * The same hits in the same order, except that hits whose scores tie within float rounding (the
     * index sums in float, the brute force in double) may come in either order, and a tie at the
     * last place may be broken either way.
     */
    private static void assertSameHits(List<VectorIndex.Hit> actual, List<VectorIndex.Hit> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).score()).isCloseTo(expected.get(i).score(), within(1e-4f));
            if (!actual.get(i).faceId().equals(expected.get(i).faceId())) {
                VectorIndex.Hit hit = actual.get(i);
                float tied = expected.stream().filter(h -> h.faceId().equals(hit.faceId())).findFirst()
                        .orElse(expected.getLast()).score();
                assertThat(hit.score()).as("%s, out of place without a tie", hit).isCloseTo(tied, within(1e-4f));
            }
        }
        assertThat(actual).extracting(VectorIndex.Hit::faceId).doesNotHaveDuplicates();
    }

    private static List<VectorIndex.Hit> bruteForce(Map<String, float[]> vectors, java.util.function.Function<String, String> tagOf,
            float[] probe, int k, double minScore, boolean distinct) {
        List<VectorIndex.Hit> all = new ArrayList<>();
        vectors.forEach((id, v) -> all.add(new VectorIndex.Hit(id, tagOf.apply(id), dot(v, probe))));
        all.sort(Comparator.comparingDouble(VectorIndex.Hit::score).reversed());
        Map<String, VectorIndex.Hit> bestPerTag = new LinkedHashMap<>();
        List<VectorIndex.Hit> out = new ArrayList<>();
        for (VectorIndex.Hit hit : all) {
            if (hit.score() < minScore || out.size() == k) {
                break;
            }
            if (distinct && bestPerTag.putIfAbsent(hit.tag(), hit) != null) {
                continue;
            }
            out.add(hit);
        }
        return out;
    }

    private static float dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return (float) sum;
    }

    private static VectorIndex indexOf(Map<String, float[]> vectors, java.util.function.Function<String, String> tagOf) {
        VectorIndex index = new VectorIndex(vectors.values().iterator().next().length);
        vectors.forEach((id, v) -> index.add(id, tagOf.apply(id), v));
        return index;
    }

    private static Map<String, float[]> randomVectors(int count, int dimension) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            vectors.put("id" + i, unit(dimension));
        }
        return vectors;
    }

    private static float[] unit(int dimension) {
        return unit(dimension, RANDOM);
    }

    public static float[] unit(int dimension, Random random) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return UnitVectors.normalised(v);
    }
}
