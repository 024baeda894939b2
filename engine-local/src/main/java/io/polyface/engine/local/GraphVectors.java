package io.polyface.engine.local;

import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A graph's vectors by ordinal, in its {@link GraphSpace}, and how jvector scores them: an
 * append-only store of fixed-size chunks, each rows after rows in one {@code float[]}.
 *
 * <p>jvector's own vector lists hold one object per vector, so every comparison chases two
 * pointers before it reads a float; here a comparison is an index computation and one contiguous
 * read, which is what building and walking a graph spend their time on. Chunks never move once
 * written, so builders and searches read them without locks while appends go on.
 *
 * <p>Similarity is jvector's Euclidean score, {@code 1 / (1 + d^2)}: projected vectors are no longer
 * of unit length, and for the unit vectors of the identity space it orders neighbours as the inner
 * product does.
 */
final class GraphVectors implements BuildScoreProvider {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int CHUNK_ROWS = 4096;

    private final int dimension;
    private final VectorTypeSupport types;
    private volatile float[][] chunks = new float[1][];
    private volatile int count;

    GraphVectors(int dimension, VectorTypeSupport types) {
        this.dimension = dimension;
        this.types = types;
    }

    int dimension() {
        return dimension;
    }

    int size() {
        return count;
    }

    /** Adds the next ordinal's vector; one appender at a time (the index's write lock). */
    void append(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the graph " + dimension);
        }
        int ordinal = count;
        int chunk = ordinal / CHUNK_ROWS;
        float[][] c = chunks;
        if (chunk == c.length) {
            c = Arrays.copyOf(c, c.length * 2);
        }
        if (c[chunk] == null) {
            c[chunk] = new float[CHUNK_ROWS * dimension];
        }
        System.arraycopy(vector, 0, c[chunk], (ordinal % CHUNK_ROWS) * dimension, dimension);
        chunks = c;
        count = ordinal + 1;
    }

    /** A copy of one ordinal's vector. */
    float[] vector(int ordinal) {
        float[] chunk = chunks[ordinal / CHUNK_ROWS];
        int offset = (ordinal % CHUNK_ROWS) * dimension;
        return Arrays.copyOfRange(chunk, offset, offset + dimension);
    }

    /** Bytes the vectors take. */
    long bytes() {
        long allocated = 0;
        for (float[] chunk : chunks) {
            allocated += chunk == null ? 0 : (long) chunk.length * Float.BYTES;
        }
        return allocated;
    }

    /** Scores every ordinal against {@code query} (already in this graph's space). */
    ScoreFunction.ExactScoreFunction scoreFunction(float[] query) {
        // The volatile read on every call sees every ordinal the graph can hand out (appended first).
        return ordinal -> 1 / (1 + squareDistance(chunks[ordinal / CHUNK_ROWS], (ordinal % CHUNK_ROWS) * dimension,
                query, dimension));
    }

    // ---- BuildScoreProvider -------------------------------------------------------------------

    @Override
    public boolean isExact() {
        return true;
    }

    @Override
    public VectorFloat<?> approximateCentroid() {
        int n = count;
        float[] sum = new float[dimension];
        for (int ordinal = 0; ordinal < n; ordinal++) {
            float[] chunk = chunks[ordinal / CHUNK_ROWS];
            int offset = (ordinal % CHUNK_ROWS) * dimension;
            for (int i = 0; i < dimension; i++) {
                sum[i] += chunk[offset + i];
            }
        }
        for (int i = 0; i < dimension; i++) {
            sum[i] /= Math.max(n, 1);
        }
        return types.createFloatVector(sum);
    }

    @Override
    public SearchScoreProvider searchProviderFor(VectorFloat<?> vector) {
        float[] query = new float[vector.length()];
        for (int i = 0; i < query.length; i++) {
            query[i] = vector.get(i);
        }
        return new DefaultSearchScoreProvider(scoreFunction(query));
    }

    @Override
    public SearchScoreProvider searchProviderFor(int node) {
        return new DefaultSearchScoreProvider(scoreFunction(vector(node)));
    }

    @Override
    public SearchScoreProvider diversityProviderFor(int node) {
        return searchProviderFor(node);
    }

    /** Squared Euclidean distance of the row at {@code offset} in {@code m} from {@code q}. */
    static float squareDistance(float[] m, int offset, float[] q, int dim) {
        int step = SPECIES.length();
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int unrolledBound = dim - 2 * step + 1;
        for (; i < unrolledBound; i += 2 * step) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, m, offset + i).sub(FloatVector.fromArray(SPECIES, q, i));
            FloatVector d1 = FloatVector.fromArray(SPECIES, m, offset + i + step)
                    .sub(FloatVector.fromArray(SPECIES, q, i + step));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        int bound = SPECIES.loopBound(dim);
        for (; i < bound; i += step) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, m, offset + i).sub(FloatVector.fromArray(SPECIES, q, i));
            acc0 = d0.fma(d0, acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            float d = m[offset + i] - q[i];
            sum += d * d;
        }
        return sum;
    }
}
