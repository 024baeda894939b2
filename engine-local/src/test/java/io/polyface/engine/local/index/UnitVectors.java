package io.polyface.engine.local.index;

/** Vectors scaled to unit length, as every stored embedding is, for the fakes, tests and benchmarks of the engine. */
public final class UnitVectors {

    private UnitVectors() {
    }

    /** Scales {@code v} in place to unit length and returns it. */
    public static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
