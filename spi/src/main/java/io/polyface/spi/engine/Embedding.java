package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A face feature vector and the feature version that produced it: L2-normalised when an engine
 * extracted it, as given when a caller brought it ({@link VectorFace}). Vectors of different
 * versions are never compared.
 */
public record Embedding(float[] vector, String featureVersion) {
    public Embedding {
        requireNonNull(vector, "vector is null");
        requireNonNull(featureVersion, "featureVersion is null");
        if (vector.length == 0) {
            throw new IllegalArgumentException("empty embedding");
        }
    }

    /** Cosine similarity, which for normalised vectors is the dot product. */
    public double cosine(Embedding other) {
        if (!featureVersion.equals(other.featureVersion) || vector.length != other.vector.length) {
            throw new IllegalArgumentException(
                    "cannot compare feature version " + featureVersion + " with " + other.featureVersion);
        }
        double dot = 0;
        for (int i = 0; i < vector.length; i++) {
            dot += vector[i] * other.vector[i];
        }
        return dot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && featureVersion.equals(e.featureVersion) && Arrays.equals(vector, e.vector);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(vector) + featureVersion.hashCode();
    }

    @Override
    public String toString() {
        return "Embedding[" + featureVersion + ", " + vector.length + "-d]";
    }
}
