package io.polyface.engine.local.index.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** The inner products every search runs, on the Vector API: float32 rows, and int8 rows against a float probe. */
public final class VectorKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Bytes loaded per step of the int8 scan: as many as float lanes, widened in one conversion. */
    private static final VectorSpecies<Byte> BYTE_SPECIES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(SPECIES.length() * Byte.SIZE));

    private VectorKernels() {
    }

    /** Inner product of one matrix row with the probe; four accumulators keep the FMA units busy. */
    public static float dot(float[] m, int offset, float[] q, int dim) {
        return dot(m, offset, q, 0, dim);
    }

    /** Inner product of the {@code dim} floats at {@code offset} in {@code m} and at {@code qOffset} in {@code q}. */
    public static float dot(float[] m, int offset, float[] q, int qOffset, int dim) {
        int step = SPECIES.length();
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        FloatVector acc2 = FloatVector.zero(SPECIES);
        FloatVector acc3 = FloatVector.zero(SPECIES);
        int unrolledBound = dim - 4 * step + 1;
        for (; i < unrolledBound; i += 4 * step) {
            acc0 = FloatVector.fromArray(SPECIES, m, offset + i).fma(FloatVector.fromArray(SPECIES, q, qOffset + i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, m, offset + i + step)
                    .fma(FloatVector.fromArray(SPECIES, q, qOffset + i + step), acc1);
            acc2 = FloatVector.fromArray(SPECIES, m, offset + i + 2 * step)
                    .fma(FloatVector.fromArray(SPECIES, q, qOffset + i + 2 * step), acc2);
            acc3 = FloatVector.fromArray(SPECIES, m, offset + i + 3 * step)
                    .fma(FloatVector.fromArray(SPECIES, q, qOffset + i + 3 * step), acc3);
        }
        int bound = SPECIES.loopBound(dim);
        for (; i < bound; i += step) {
            acc0 = FloatVector.fromArray(SPECIES, m, offset + i).fma(FloatVector.fromArray(SPECIES, q, qOffset + i), acc0);
        }
        float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            sum += m[offset + i] * q[qOffset + i];
        }
        return sum;
    }

    /** Inner product of an int8 row with a float probe, widening bytes to floats lane by lane. */
    public static float dotInt8(byte[] code, float[] q, int dim) {
        int step = SPECIES.length();
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int unrolledBound = dim - 2 * step + 1;
        for (; i < unrolledBound; i += 2 * step) {
            FloatVector a = (FloatVector) ByteVector.fromArray(BYTE_SPECIES, code, i)
                    .convertShape(VectorOperators.B2F, SPECIES, 0);
            FloatVector b = (FloatVector) ByteVector.fromArray(BYTE_SPECIES, code, i + step)
                    .convertShape(VectorOperators.B2F, SPECIES, 0);
            acc0 = a.fma(FloatVector.fromArray(SPECIES, q, i), acc0);
            acc1 = b.fma(FloatVector.fromArray(SPECIES, q, i + step), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            sum += code[i] * q[i];
        }
        return sum;
    }

    /** The Euclidean norm of a vector. */
    public static float norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return (float) Math.sqrt(sum);
    }
}
