package io.polyface.engine.local.index.hnsw;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The codes a {@link SealedGraph} walk compares a query with: each node's vector, node after node in
 * one array, laid out so that reading one node's codes touches as few cache lines as possible.
 *
 * <p>Codes never change, so successive seals of one graph share a block: a seal copies only the
 * codes of the nodes added since the last, and when the block is full it is copied into one half as
 * large again. Only seals add codes, one at a time (the index's inserting lock); walks read them
 * without locks.
 *
 * <p>Two layouts. {@link Bytes}: the graph's own int8 codes, padded to whole cache lines (112
 * dimensions in 128 bytes, two lines). {@link Nibbles}: four bits per dimension on a scale of its own
 * for each dimension, up to 120 dimensions and a norm in one 64-byte line, so a walk waits for half
 * the lines.
 * Distances come out in the graph's code units either way.
 */
sealed interface NodeCodes permits NodeCodes.Bytes, NodeCodes.Nibbles {

    /** What a cache line holds. */
    int LINE = 64;

    /**
     * Where a large array's first element lies in its cache line. The JVM does not align arrays to
     * cache lines, but G1 starts an array this large at a heap region, and a {@code byte[]}'s
     * elements follow its 16-byte header. Elsewhere the layouts only help less.
     */
    int ARRAY_BASE = 16;

    VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** As many bytes as float lanes, widened in one conversion. */
    VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS.length() * Byte.SIZE));

    /** Codes holding the nodes below {@code nodes} of {@code vectors}: this block filled further, or a larger copy. */
    NodeCodes holding(GraphVectors vectors, int nodes);

    /** A query for {@link #distance}, from one {@link GraphVectors#prepare prepared} for the graph's codes. */
    float[] prepare(float[] codeQuery);

    /** The squared distance of node {@code node} from a {@link #prepare prepared} query, in the graph's code units. */
    float distance(int node, float[] prepared);

    /**
     * Reads a byte of every cache line the codes of {@code nodes[0 .. count)} lie in, so that they
     * are on their way into the cache together; the sum only keeps the reads from being optimised
     * away.
     */
    int touch(int[] nodes, int count);

    /** Bytes the codes take. */
    long bytes();

    /** Empty codes of {@code dimension} dimensions in the given layout. */
    static NodeCodes empty(int dimension, boolean nibbles) {
        return nibbles && Nibbles.fits(dimension) ? Nibbles.EMPTY : new Bytes(dimension, 0);
    }

    /**
     * The graph's int8 codes, each node's padded to whole cache lines: 112 bytes to 128. Placed from
     * {@link #ARRAY_BASE}, 112 bytes at each multiple of 128 lie in two lines, where packed at 112
     * half of them straddle three (on one shard of a million, searches over packed codes took 1.4
     * times as long).
     */
    final class Bytes implements NodeCodes {

        private final int dimension;
        private final int stride;
        private final byte[] codes;
        private int filled;

        Bytes(int dimension, int capacity) {
            this.dimension = dimension;
            this.stride = (dimension + LINE - 1) / LINE * LINE;
            if ((long) stride * capacity > Integer.MAX_VALUE - LINE) {
                throw new IllegalStateException("too many nodes for one graph's codes: " + capacity);
            }
            this.codes = new byte[stride * capacity];
        }

        @Override
        public NodeCodes holding(GraphVectors vectors, int nodes) {
            Bytes target = this;
            int capacity = codes.length / stride;
            if (nodes > capacity) {
                target = new Bytes(dimension, grownCapacity(capacity, nodes, stride));
                System.arraycopy(codes, 0, target.codes, 0, stride * filled);
                target.filled = filled;
            }
            for (int node = target.filled; node < nodes; node++) {
                vectors.copyCodes(node, target.codes, node * stride);
            }
            target.filled = Math.max(target.filled, nodes);
            return target;
        }

        @Override
        public float[] prepare(float[] codeQuery) {
            return codeQuery;
        }

        @Override
        public float distance(int node, float[] prepared) {
            return GraphVectors.squareDistance(codes, node * stride, prepared, dimension);
        }

        @Override
        public int touch(int[] nodes, int count) {
            int sum = 0;
            for (int i = 0; i < count; i++) {
                int at = nodes[i] * stride;
                for (int offset = 0; offset < dimension; offset += LINE) {
                    sum += codes[at + offset];
                }
                sum += codes[at + dimension - 1];
            }
            return sum;
        }

        @Override
        public long bytes() {
            return codes.length;
        }
    }

    /**
     * Four bits per dimension, one node to a cache line. Of a node's 64 bytes, byte {@code j} holds
     * dimension {@code j} in its low half and dimension {@code h + j} in its high half, {@code h}
     * being half the dimensions (rounded up); the last four bytes hold the node's weighted norm
     * (below), so a line takes up to {@link #MAX_DIMENSION} dimensions. Each dimension has its own
     * scale: sixteen levels {@code 0.335} standard deviations apart around its mean (the spacing
     * that keeps the error smallest for a normal distribution), fitted on the first nodes sealed (up
     * to 65,536), so that a principal component with a tenth of another's spread keeps as much of
     * its shape. The first node starts {@code LINE - ARRAY_BASE} bytes into the array, on a line.
     *
     * <p>A distance is {@code sum w_i (v_i - u_i)^2} over the dimensions, with {@code w_i} the
     * square of dimension {@code i}'s step, {@code v_i} the node's level less 7.5 and {@code u_i}
     * the query in the same units: the graph's code units, as {@link Bytes} gives them. It is
     * computed expanded, {@code sum w_i v_i^2 - 2 sum w_i u_i v_i + sum w_i u_i^2}: the first sum
     * is the node's norm, stored with it; the last is the query's own; which leaves one
     * multiply-add per dimension, the weights folded into the prepared query.
     */
    final class Nibbles implements NodeCodes {

        /** The widest a node may be: two dimensions a byte, less the norm's four bytes. */
        static final int MAX_DIMENSION = 2 * (LINE - Float.BYTES);
        private static final int LEAD = LINE - ARRAY_BASE;
        /** Where in a node's line its norm lies. */
        private static final int NORM = LINE - Float.BYTES;
        private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
        /** Levels apart per standard deviation: Max's optimal uniform quantiser for 16 levels. */
        private static final float STEP_PER_DEVIATION = 0.3352f;
        /** Where level {@code l} stands, in steps from the mean: {@code l - CENTRE}. */
        private static final float CENTRE = 7.5f;
        /** Nodes the scale is fitted on: the first this many sealed. */
        static final int FIT_NODES = 65_536;
        /** No nodes and no scale; never filled, since the first seal with nodes fits a block of its own. */
        static final Nibbles EMPTY = new Nibbles(new float[0], new float[0], 0);

        private final float[] mean;
        private final float[] step;
        /** Dimensions in the low halves of a node's bytes; the rest are in the high halves. */
        private final int half;
        private final byte[] codes;
        private int filled;

        private Nibbles(float[] mean, float[] step, int capacity) {
            this.mean = mean;
            this.step = step;
            this.half = (mean.length + 1) / 2;
            if ((long) LINE * capacity > Integer.MAX_VALUE - 2 * LINE) {
                throw new IllegalStateException("too many nodes for one graph's codes: " + capacity);
            }
            this.codes = new byte[LEAD + LINE * capacity];
        }

        static boolean fits(int dimension) {
            return dimension <= MAX_DIMENSION && LINE % BYTES.length() == 0;
        }

        /** A scale for each dimension, from the mean and spread of the first nodes' codes. */
        private static Nibbles fitted(GraphVectors vectors, int nodes, int capacity) {
            int dimension = vectors.dimension();
            int sample = Math.min(nodes, FIT_NODES);
            double[] sum = new double[dimension];
            double[] squares = new double[dimension];
            byte[] row = new byte[dimension];
            for (int node = 0; node < sample; node++) {
                vectors.copyCodes(node, row, 0);
                for (int i = 0; i < dimension; i++) {
                    sum[i] += row[i];
                    squares[i] += row[i] * row[i];
                }
            }
            float[] mean = new float[dimension];
            float[] step = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                double m = sum[i] / sample;
                double deviation = Math.sqrt(Math.max(0, squares[i] / sample - m * m));
                mean[i] = (float) m;
                // A dimension that does not vary still needs a step; one code unit loses nothing.
                step[i] = (float) Math.max(deviation * STEP_PER_DEVIATION, 1e-3);
            }
            return new Nibbles(mean, step, capacity);
        }

        @Override
        public NodeCodes holding(GraphVectors vectors, int nodes) {
            if (nodes == 0) {
                return this;
            }
            Nibbles target = this;
            if (filled < FIT_NODES && nodes > filled) {
                // Fitted again on more nodes until there are plenty, then kept.
                target = fitted(vectors, nodes, nodes);
            } else if (nodes > capacity()) {
                target = new Nibbles(mean, step, grownCapacity(capacity(), nodes, LINE));
                System.arraycopy(codes, 0, target.codes, 0, LEAD + LINE * filled);
                target.filled = filled;
            }
            byte[] row = new byte[vectors.dimension()];
            for (int node = target.filled; node < nodes; node++) {
                vectors.copyCodes(node, row, 0);
                target.encode(row, LEAD + node * LINE);
            }
            target.filled = Math.max(target.filled, nodes);
            return target;
        }

        private int capacity() {
            return (codes.length - LEAD) / LINE;
        }

        private void encode(byte[] row, int at) {
            float norm = 0;
            for (int i = 0; i < row.length; i++) {
                int level = (int) Math.floor((row[i] - mean[i]) / step[i] + CENTRE + 0.5f);
                level = Math.max(0, Math.min(15, level));
                int slot = at + (i < half ? i : i - half);
                codes[slot] = (byte) (i < half ? (codes[slot] & 0xF0) | level : (codes[slot] & 0x0F) | level << 4);
                float v = level - CENTRE;
                norm += step[i] * step[i] * v * v;
            }
            FLOAT.set(codes, at + NORM, norm);
        }

        /**
         * The query as the coefficients of each nibble of a line ({@code -2 w_i u_i} for the low
         * halves' dimensions, then the high halves'; zero where a nibble holds no dimension), and
         * last its own weighted norm, less what centring the levels moves.
         */
        @Override
        public float[] prepare(float[] codeQuery) {
            float[] prepared = new float[2 * LINE + 1];
            float constant = 0;
            for (int i = 0; i < mean.length; i++) {
                float weight = step[i] * step[i];
                float u = (codeQuery[i] - mean[i]) / step[i];
                float coefficient = -2 * weight * u;
                prepared[i < half ? i : LINE + i - half] = coefficient;
                // The dot product below reads levels 0-15 where the norm has them less CENTRE.
                constant += weight * u * u - coefficient * CENTRE;
            }
            prepared[2 * LINE] = constant;
            return prepared;
        }

        @Override
        public float distance(int node, float[] prepared) {
            int at = LEAD + node * LINE;
            int lanes = BYTES.length();
            FloatVector low = FloatVector.zero(FLOATS);
            FloatVector high = FloatVector.zero(FLOATS);
            for (int j = 0; j < half; j += lanes) {
                ByteVector both = ByteVector.fromArray(BYTES, codes, at + j);
                low = ((FloatVector) both.and((byte) 0x0F).convertShape(VectorOperators.B2F, FLOATS, 0))
                        .fma(FloatVector.fromArray(FLOATS, prepared, j), low);
                high = ((FloatVector) both.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F)
                        .convertShape(VectorOperators.B2F, FLOATS, 0)).fma(FloatVector.fromArray(FLOATS, prepared, LINE + j), high);
            }
            return low.add(high).reduceLanes(VectorOperators.ADD) + (float) FLOAT.get(codes, at + NORM) + prepared[2 * LINE];
        }

        /** Node {@code node}'s level in dimension {@code i}, 0 to 15. */
        int level(int node, int i) {
            int both = codes[LEAD + node * LINE + (i < half ? i : i - half)] & 0xFF;
            return i < half ? both & 0x0F : both >>> 4;
        }

        /** Dimension {@code i}'s step between levels, in the graph's code units. */
        float step(int i) {
            return step[i];
        }

        /** Dimension {@code i}'s mean, in the graph's code units: level {@code l} stands for {@code mean + (l - 7.5) step}. */
        float mean(int i) {
            return mean[i];
        }

        @Override
        public int touch(int[] nodes, int count) {
            int sum = 0;
            for (int i = 0; i < count; i++) {
                sum += codes[LEAD + nodes[i] * LINE];
            }
            return sum;
        }

        @Override
        public long bytes() {
            return codes.length;
        }
    }

    /** Half as large again, within what one array holds; at least {@code nodes} (or the constructor refuses). */
    private static int grownCapacity(int capacity, int nodes, int stride) {
        int grown = (int) Math.min(capacity + capacity / 2L, (Integer.MAX_VALUE - 2L * LINE) / stride);
        return Math.max(nodes, grown);
    }
}
