package io.polyface.engine.local.index.hnsw;

import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * A graph's vectors by ordinal, in its {@link GraphSpace}, and how jvector scores them: an
 * append-only store of fixed-size chunks, each rows after rows of int8 codes in one {@code byte[]}.
 *
 * <p>Building and walking a graph is reaching vectors at random and comparing them, so what a
 * comparison costs is mostly the memory it reads. jvector's own vector lists hold one object per
 * vector (two pointers to chase before the first float); here a vector is an index computation
 * and one contiguous read of a byte per dimension, a quarter of float32. One scale for all
 * codes ({@code scale} per step, from the fitted sample's largest component; larger components are
 * clamped) keeps the error far below the distances between faces, and the graph only proposes
 * candidates: the index re-scores them on the full float32 rows. Chunks never move once written,
 * so builders and searches read them without locks while appends go on.
 *
 * <p>Similarity is jvector's Euclidean score, {@code 1 / (1 + d^2)}: projected vectors are no longer
 * of unit length, and for the unit vectors of the identity space it orders neighbours as the inner
 * product does.
 */
final class GraphVectors implements BuildScoreProvider {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** As many bytes as float lanes, widened in one conversion. */
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(SPECIES.length() * Byte.SIZE));
    private static final int CHUNK_ROWS = 4096;

    private final int dimension;
    private final float scale;
    private final VectorTypeSupport types;
    private volatile byte[][] chunks = new byte[1][];
    private volatile int count;

    /** A store for vectors whose components lie within {@code ±127 * scale}. */
    GraphVectors(int dimension, float scale, VectorTypeSupport types) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive: " + scale);
        }
        this.dimension = dimension;
        this.scale = scale;
        this.types = types;
    }

    /** The scale that codes the largest component of {@code vectors} (row after row) as 127. */
    public static float scaleFor(float[] vectors) {
        float max = 0;
        for (float x : vectors) {
            max = Math.max(max, Math.abs(x));
        }
        return max == 0 ? 1 : max / 127;
    }

    int size() {
        return count;
    }

    int dimension() {
        return dimension;
    }

    /** Copies one ordinal's codes into {@code target} at {@code offset}. */
    void copyCodes(int ordinal, byte[] target, int offset) {
        System.arraycopy(chunks[ordinal / CHUNK_ROWS], (ordinal % CHUNK_ROWS) * dimension, target, offset, dimension);
    }

    /** Adds the next ordinal's vector; one appender at a time (the index's write lock). */
    void append(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the graph " + dimension);
        }
        int ordinal = count;
        int chunk = ordinal / CHUNK_ROWS;
        byte[][] c = chunks;
        if (chunk == c.length) {
            c = Arrays.copyOf(c, c.length * 2);
        }
        if (c[chunk] == null) {
            c[chunk] = new byte[CHUNK_ROWS * dimension];
        }
        byte[] codes = c[chunk];
        int offset = (ordinal % CHUNK_ROWS) * dimension;
        for (int i = 0; i < dimension; i++) {
            codes[offset + i] = (byte) Math.max(-127, Math.min(127, Math.round(vector[i] / scale)));
        }
        chunks = c;
        count = ordinal + 1;
    }

    /** One ordinal's vector as stored (decoded from its codes). */
    float[] vector(int ordinal) {
        byte[] codes = chunks[ordinal / CHUNK_ROWS];
        int offset = (ordinal % CHUNK_ROWS) * dimension;
        float[] out = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = codes[offset + i] * scale;
        }
        return out;
    }

    /** Bytes the vectors take. */
    long bytes() {
        long allocated = 0;
        for (byte[] chunk : chunks) {
            allocated += chunk == null ? 0 : chunk.length;
        }
        return allocated;
    }

    /** A query in code units, for {@link #codeDistance}: divided by the scale once rather than per comparison. */
    float[] prepare(float[] query) {
        float[] out = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = query[i] / scale;
        }
        return out;
    }

    /** Squared distance of one ordinal's vector from a {@link #prepare prepared} query, in code units. */
    float codeDistance(int ordinal, float[] prepared) {
        return squareDistance(chunks[ordinal / CHUNK_ROWS], (ordinal % CHUNK_ROWS) * dimension, prepared, dimension);
    }

    /** Squared distance of one ordinal's vector from {@code query} (in this graph's space). */
    float squareDistance(int ordinal, float[] query) {
        return codeDistance(ordinal, prepare(query)) * scale * scale;
    }

    /** Scores every ordinal against {@code query} (in this graph's space). */
    ScoreFunction.ExactScoreFunction scoreFunction(float[] query) {
        float[] prepared = prepare(query);
        float squared = scale * scale;
        // The volatile read on every call sees every ordinal the graph can hand out (appended first).
        return ordinal -> 1 / (1 + squared * squareDistance(chunks[ordinal / CHUNK_ROWS],
                (ordinal % CHUNK_ROWS) * dimension, prepared, dimension));
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
            byte[] codes = chunks[ordinal / CHUNK_ROWS];
            int offset = (ordinal % CHUNK_ROWS) * dimension;
            for (int i = 0; i < dimension; i++) {
                sum[i] += codes[offset + i];
            }
        }
        for (int i = 0; i < dimension; i++) {
            sum[i] = sum[i] * scale / Math.max(n, 1);
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

    /** Squared distance between the int8 codes at {@code offset} in {@code codes} and a prepared query. */
    static float squareDistance(byte[] codes, int offset, float[] q, int dim) {
        int step = SPECIES.length();
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int unrolledBound = dim - 2 * step + 1;
        for (; i < unrolledBound; i += 2 * step) {
            FloatVector d0 = ((FloatVector) ByteVector.fromArray(BYTES, codes, offset + i)
                    .convertShape(VectorOperators.B2F, SPECIES, 0)).sub(FloatVector.fromArray(SPECIES, q, i));
            FloatVector d1 = ((FloatVector) ByteVector.fromArray(BYTES, codes, offset + i + step)
                    .convertShape(VectorOperators.B2F, SPECIES, 0)).sub(FloatVector.fromArray(SPECIES, q, i + step));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        int bound = SPECIES.loopBound(dim);
        for (; i < bound; i += step) {
            FloatVector d0 = ((FloatVector) ByteVector.fromArray(BYTES, codes, offset + i)
                    .convertShape(VectorOperators.B2F, SPECIES, 0)).sub(FloatVector.fromArray(SPECIES, q, i));
            acc0 = d0.fma(d0, acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            float d = codes[offset + i] - q[i];
            sum += d * d;
        }
        return sum;
    }
}
