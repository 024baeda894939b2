package io.polyface.engine.local.index;

import io.polyface.engine.local.index.kernels.VectorKernels;
import java.util.Arrays;

/**
 * An int8 copy of every row, each with its own scale (a quarter of the float32 scan's memory
 * traffic), and the bound that tells when a search over the copy is provably exact: a row's int8
 * score differs from its float32 score by at most {@code |x - x'| |q|}, {@code x'} being the
 * dequantised row. Not thread-safe: {@link VectorIndex} guards it with its lock.
 */
final class Int8Codes {

    private byte[][] codes;
    private float[] scales;
    /** The largest |x - x'| of any row's int8 copy ever added: the error bound's per-row factor. */
    private float maxError;

    private Int8Codes(int capacity) {
        codes = new byte[capacity][];
        scales = new float[capacity];
    }

    /** Codes for the first {@code rows} rows of {@code matrix}, with room for {@code capacity}. */
    static Int8Codes of(float[] matrix, int rows, int capacity, int dimension) {
        Int8Codes all = new Int8Codes(capacity);
        for (int r = 0; r < rows; r++) {
            all.encode(matrix, r, dimension);
        }
        return all;
    }

    byte[][] codes() {
        return codes;
    }

    float[] scales() {
        return scales;
    }

    /** How far any row's int8 score can be from its float32 score for this probe, rounded up a little. */
    float bound(float[] probe) {
        return maxError * VectorKernels.norm(probe) + 1e-5f;
    }

    /** Quantises row {@code r} to int8 with the scale that maps its largest component to 127. */
    void encode(float[] matrix, int r, int dimension) {
        int offset = r * dimension;
        float max = 0;
        for (int i = 0; i < dimension; i++) {
            max = Math.max(max, Math.abs(matrix[offset + i]));
        }
        float scale = max == 0 ? 1 : max / 127;
        byte[] code = new byte[dimension];
        double error = 0;
        for (int i = 0; i < dimension; i++) {
            float x = matrix[offset + i];
            int q = Math.round(x / scale);
            code[i] = (byte) Math.max(-127, Math.min(127, q));
            double diff = x - code[i] * (double) scale;
            error += diff * diff;
        }
        codes[r] = code;
        scales[r] = scale;
        // Rounded up a little: the bound must hold for float arithmetic too.
        maxError = Math.max(maxError, (float) Math.sqrt(error) * 1.0001f);
    }

    /** Row {@code to} now holds what row {@code from} held. */
    void move(int from, int to) {
        codes[to] = codes[from];
        scales[to] = scales[from];
    }

    void forget(int row) {
        codes[row] = null;
    }

    void resize(int capacity) {
        codes = Arrays.copyOf(codes, capacity);
        scales = Arrays.copyOf(scales, capacity);
    }
}
