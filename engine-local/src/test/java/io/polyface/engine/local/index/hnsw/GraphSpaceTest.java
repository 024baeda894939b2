package io.polyface.engine.local.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.polyface.engine.local.index.VectorIndexTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The principal-component space of HNSW graphs, and the chunked vector store jvector scores in it. */
public class GraphSpaceTest {

    private static final int FULL = 128;

    @Test
    void lowRankDataIsProjectedOntoAsFewComponentsAsKeepTheVarianceAndKeepsItsDistances() {
        Random random = new Random(3);
        float[] rows = lowRank(3000, 24, 0.02, random);
        GraphSpace space = GraphSpace.fit(rows, 3000, FULL, 0.98);

        // 24 directions carry the data; whole SIMD steps of 16 make that 32.
        assertThat(space.isIdentity()).isFalse();
        assertThat(space.dimension()).isEqualTo(32);
        assertThat(space.varianceKept()).isGreaterThanOrEqualTo(0.98);
        for (int i = 0; i < 50; i++) {
            int a = random.nextInt(3000) * FULL;
            int b = random.nextInt(3000) * FULL;
            float full = squareDistance(rows, a, rows, b, FULL);
            float projected = squareDistance(space.project(rows, a), 0, space.project(rows, b), 0, space.dimension());
            assertThat(projected).isCloseTo(full, within(0.05f * full + 1e-4f)).isLessThanOrEqualTo(full + 1e-4f);
        }
    }

    @Test
    void dataSpreadOverEveryDimensionKeepsTheFullVectors() {
        Random random = new Random(4);
        float[] rows = new float[3000 * FULL];
        for (int r = 0; r < 3000; r++) {
            System.arraycopy(VectorIndexTest.unit(FULL, random), 0, rows, r * FULL, FULL);
        }
        GraphSpace space = GraphSpace.fit(rows, 3000, FULL, 0.98);

        assertThat(space.isIdentity()).isTrue();
        assertThat(space.dimension()).isEqualTo(FULL);
        assertThat(space.project(rows, FULL)).containsExactly(java.util.Arrays.copyOfRange(rows, FULL, 2 * FULL));
    }

    @Test
    void tooFewRowsOrAllTheVarianceMeanTheIdentityAndNonsenseSharesAreRefused() {
        float[] rows = lowRank(100, 8, 0.01, new Random(5));
        assertThat(GraphSpace.fit(rows, 100, FULL, 0.98).isIdentity()).as("fewer rows than twice the dimensions").isTrue();
        float[] many = lowRank(1000, 8, 0.01, new Random(6));
        assertThat(GraphSpace.fit(many, 1000, FULL, 1.0).isIdentity()).isTrue();
        assertThatThrownBy(() -> GraphSpace.fit(many, 1000, FULL, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GraphSpace.fit(many, 1000, FULL, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vectorsAcrossChunksAreKeptToHalfAStepAndScoreByTheirDistance() {
        float scale = 1f / 127;
        GraphVectors vectors = new GraphVectors(24, scale, VectorizationProvider.getInstance().getVectorTypeSupport());
        Random random = new Random(7);
        float[][] added = new float[10_000][];
        for (int i = 0; i < added.length; i++) {
            added[i] = VectorIndexTest.unit(24, random);
            vectors.append(added[i]);
        }
        float[] query = VectorIndexTest.unit(24, random);

        assertThat(vectors.size()).isEqualTo(10_000);
        var score = vectors.scoreFunction(query);
        for (int ordinal : new int[] {0, 4095, 4096, 8191, 8192, 9999}) {
            float[] stored = vectors.vector(ordinal);
            for (int i = 0; i < 24; i++) {
                // Within half a step of the code, and exactly what scores are computed from.
                assertThat(stored[i]).isCloseTo(added[ordinal][i], within(scale / 2 + 1e-7f));
            }
            float d = squareDistance(stored, 0, query, 0, 24);
            assertThat(score.similarityTo(ordinal)).isCloseTo(1 / (1 + d), within(1e-5f));
            assertThat(vectors.squareDistance(ordinal, query)).isCloseTo(d, within(1e-4f));
        }
        assertThat(vectors.searchProviderFor(5000).scoreFunction().similarityTo(5000)).isCloseTo(1f, within(1e-5f));
        assertThat(GraphVectors.scaleFor(new float[] {0.5f, -2.54f, 1f})).isCloseTo(0.02f, within(1e-7f));
        assertThatThrownBy(() -> vectors.append(new float[23])).isInstanceOf(IllegalArgumentException.class);
    }

    /** Unit vectors in a random {@code rank}-dimensional subspace of {@link #FULL}, plus a little noise everywhere. */
    public static float[] lowRank(int rows, int rank, double noise, Random random) {
        float[][] basis = new float[rank][];
        for (int j = 0; j < rank; j++) {
            basis[j] = VectorIndexTest.unit(FULL, random);
        }
        float[] out = new float[rows * FULL];
        for (int r = 0; r < rows; r++) {
            double[] v = new double[FULL];
            for (int j = 0; j < rank; j++) {
                double c = random.nextGaussian();
                for (int i = 0; i < FULL; i++) {
                    v[i] += c * basis[j][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < FULL; i++) {
                v[i] += noise * random.nextGaussian();
                norm += v[i] * v[i];
            }
            for (int i = 0; i < FULL; i++) {
                out[r * FULL + i] = (float) (v[i] / Math.sqrt(norm));
            }
        }
        return out;
    }

    private static float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        float sum = 0;
        for (int i = 0; i < dim; i++) {
            float d = a[aOffset + i] - b[bOffset + i];
            sum += d * d;
        }
        return sum;
    }
}
