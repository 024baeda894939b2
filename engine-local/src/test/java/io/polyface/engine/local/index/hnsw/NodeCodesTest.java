package io.polyface.engine.local.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.jbellis.jvector.vector.VectorizationProvider;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The codes a sealed graph's walk reads: int8 as the graph holds them, and four bits per dimension. */
class NodeCodesTest {

    private static final int NODES = 4000;

    @Test
    void nibbleDistancesAreTheWeightedSumOverEachDimensionsLevelInBothHalvesOfTheLine() {
        // 32 and 72: part of the line; 101: an odd count, the low halves one longer; 120: every byte
        // but the norm's.
        for (int dimension : new int[] {32, 72, 101, 120}) {
            Random random = new Random(dimension);
            GraphVectors vectors = principalLike(random, dimension, 500);
            NodeCodes.Nibbles codes = (NodeCodes.Nibbles) NodeCodes.empty(dimension, true).holding(vectors, 500);
            for (int q = 0; q < 20; q++) {
                float[] codeQuery = vectors.prepare(principalLikeVector(random, dimension));
                float[] prepared = codes.prepare(codeQuery);
                for (int node = 0; node < 500; node += 13) {
                    double expected = 0;
                    for (int i = 0; i < dimension; i++) {
                        double stood = codes.mean(i) + (codes.level(node, i) - 7.5) * codes.step(i);
                        expected += (stood - codeQuery[i]) * (stood - codeQuery[i]);
                    }
                    assertThat((double) codes.distance(node, prepared)).as("dimension %d, node %d", dimension, node)
                            .isCloseTo(expected, within(expected * 1e-4 + 1e-2));
                }
            }
        }
    }

    @Test
    void aNodesLevelsStandForItsCodesWithinHalfAStep() {
        Random random = new Random(5);
        GraphVectors vectors = principalLike(random, 112, NODES);
        NodeCodes.Nibbles codes = (NodeCodes.Nibbles) NodeCodes.empty(112, true).holding(vectors, NODES);
        byte[] row = new byte[112];
        int clamped = 0;
        for (int node = 0; node < NODES; node += 7) {
            vectors.copyCodes(node, row, 0);
            for (int i = 0; i < 112; i++) {
                double stood = codes.mean(i) + (codes.level(node, i) - 7.5) * codes.step(i);
                if (codes.level(node, i) == 0 || codes.level(node, i) == 15) {
                    clamped += Math.abs(stood - row[i]) > codes.step(i) / 2 ? 1 : 0;
                } else {
                    assertThat(Math.abs(stood - row[i])).isLessThanOrEqualTo(codes.step(i) / 2 + 1e-4);
                }
            }
        }
        // Sixteen levels reach 2.7 standard deviations each way: under 1% of values lie beyond.
        assertThat(clamped).isLessThan(NODES / 7 * 112 / 100);
    }

    @Test
    void theBestFourPerWantedHitByNibbleDistanceHoldNearlyEveryTrueNeighbour() {
        // What the index relies on: it re-scores the walk's best 4k candidates exactly.
        Random random = new Random(6);
        GraphVectors vectors = principalLike(random, 112, NODES);
        NodeCodes nibbles = NodeCodes.empty(112, true).holding(vectors, NODES);
        NodeCodes bytes = NodeCodes.empty(112, false).holding(vectors, NODES);
        int kept = 0;
        for (int q = 0; q < 50; q++) {
            float[] query = vectors.prepare(principalLikeVector(random, 112));
            float[] bytesQuery = bytes.prepare(query);
            float[] nibblesQuery = nibbles.prepare(query);
            int[] truth = best(NODES, 10, node -> bytes.distance(node, bytesQuery));
            int[] candidates = best(NODES, 40, node -> nibbles.distance(node, nibblesQuery));
            kept += (int) IntStream.of(truth).filter(t -> IntStream.of(candidates).anyMatch(c -> c == t)).count();
        }
        assertThat(kept).isGreaterThanOrEqualTo(495);
    }

    @Test
    void codesTooWideForOneLineWithTheirNormStayInt8() {
        // Two dimensions a byte, less four bytes for the norm: 120 in a 64-byte line.
        assertThat(NodeCodes.empty(121, true)).isInstanceOf(NodeCodes.Bytes.class);
        assertThat(NodeCodes.empty(120, true)).isInstanceOf(NodeCodes.Nibbles.class);
        assertThat(NodeCodes.empty(120, false)).isInstanceOf(NodeCodes.Bytes.class);
    }

    @Test
    void laterSealsKeepEarlierNodesCodesAndFitTheirScaleOnlyUntilThereArePlenty() {
        Random random = new Random(7);
        int plenty = NodeCodes.Nibbles.FIT_NODES;
        GraphVectors vectors = principalLike(random, 48, plenty + 5000);
        NodeCodes.Nibbles small = (NodeCodes.Nibbles) NodeCodes.empty(48, true).holding(vectors, 100);
        float[] smallQuery = small.prepare(vectors.prepare(principalLikeVector(random, 48)));
        float before = small.distance(99, smallQuery);
        NodeCodes.Nibbles fitted = (NodeCodes.Nibbles) small.holding(vectors, plenty);
        NodeCodes.Nibbles grown = (NodeCodes.Nibbles) fitted.holding(vectors, plenty + 5000);

        // Fitted again on more nodes while there were few: a new scale, every node re-coded.
        assertThat(fitted).isNotSameAs(small);
        assertThat(fitted.step(0)).isNotEqualTo(small.step(0));
        // Then kept: the grown block has the same scale and the same levels for the nodes it copied.
        assertThat(grown.step(0)).isEqualTo(fitted.step(0));
        float[] query = grown.prepare(vectors.prepare(principalLikeVector(random, 48)));
        for (int node = 0; node < plenty; node += 97) {
            assertThat(grown.distance(node, query)).isEqualTo(fitted.distance(node, query));
        }
        // The small block still answers for its own nodes as it did (an older seal may still be walked).
        assertThat(small.distance(99, smallQuery)).isEqualTo(before);
    }

    /** Vectors whose spread falls from the first dimension to the last, as principal components' does. */
    private static GraphVectors principalLike(Random random, int dimension, int nodes) {
        GraphVectors vectors = new GraphVectors(dimension, 1f / 127, VectorizationProvider.getInstance().getVectorTypeSupport());
        for (int i = 0; i < nodes; i++) {
            vectors.append(principalLikeVector(random, dimension));
        }
        return vectors;
    }

    private static float[] principalLikeVector(Random random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) (random.nextGaussian() * 0.25 / Math.sqrt(1 + i / 8.0));
        }
        return v;
    }

    private static int[] best(int nodes, int count, java.util.function.IntToDoubleFunction distance) {
        return IntStream.range(0, nodes).boxed().sorted(Comparator.comparingDouble(distance::applyAsDouble))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }
}
