package io.polyface.engine.local.index.hnsw;

import io.polyface.engine.local.index.kernels.VectorKernels;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The space an HNSW graph is built and walked in: the embeddings projected onto their leading
 * principal components, fitted on a sample of the collection when the graph starts.
 *
 * <p>Face embeddings do not fill their 512 dimensions evenly (strangers' cosines spread as if they
 * had about a hundred), so a few principal components keep nearly all of the distances between
 * faces at a fraction of the cost of comparing them: building a graph is mostly comparing vectors,
 * and walking one compares a few thousand. The graph only proposes candidates; the index re-scores
 * every one of them against the full float32 embedding, so the projection costs recall only where it
 * reorders a true neighbour out of the candidate list. This is the {@code PCA, HNSW, refine} layout
 * Faiss's index factory offers.
 *
 * <p>The number of components is the smallest multiple of 16 (whole SIMD steps) that keeps
 * {@code varianceKept} of the sample's variance. When that would be more than half the dimensions
 * the projection saves too little and the space is the identity: the full vectors.
 */
public final class GraphSpace {

    /** Rows fitted on: plenty for a 512 x 512 covariance, and the fit takes about a second. */
    public static final int SAMPLE_ROWS = 10_000;
    private static final int STEP = 16;

    private final int fullDimension;
    private final int dimension;
    /** {@code dimension} rows of {@code fullDimension} components, row-major; empty for the identity. */
    private final float[] basis;
    private final double varianceKept;

    private GraphSpace(int fullDimension, int dimension, float[] basis, double varianceKept) {
        this.fullDimension = fullDimension;
        this.dimension = dimension;
        this.basis = basis;
        this.varianceKept = varianceKept;
    }

    /** The full vectors, unprojected. */
    static GraphSpace identity(int dimension) {
        return new GraphSpace(dimension, dimension, new float[0], 1);
    }

    /**
     * Fits the projection on up to {@link #SAMPLE_ROWS} rows of {@code matrix} (row after row,
     * {@code fullDimension} floats each), spread evenly over its {@code rows}.
     */
    public static GraphSpace fit(float[] matrix, int rows, int fullDimension, double varianceKept) {
        if (!(varianceKept > 0 && varianceKept <= 1)) {
            throw new IllegalArgumentException("variance kept must be in (0, 1]: " + varianceKept);
        }
        int samples = Math.min(rows, SAMPLE_ROWS);
        if (varianceKept == 1 || samples < 2 * fullDimension) {
            return identity(fullDimension);
        }
        DMatrixRMaj centred = new DMatrixRMaj(samples, fullDimension);
        double[] mean = new double[fullDimension];
        for (int s = 0; s < samples; s++) {
            int offset = (int) ((long) s * rows / samples) * fullDimension;
            for (int j = 0; j < fullDimension; j++) {
                mean[j] += matrix[offset + j];
            }
        }
        for (int j = 0; j < fullDimension; j++) {
            mean[j] /= samples;
        }
        for (int s = 0; s < samples; s++) {
            int offset = (int) ((long) s * rows / samples) * fullDimension;
            for (int j = 0; j < fullDimension; j++) {
                centred.unsafe_set(s, j, matrix[offset + j] - mean[j]);
            }
        }
        DMatrixRMaj covariance = new DMatrixRMaj(fullDimension, fullDimension);
        CommonOps_DDRM.multTransA(centred, centred, covariance);
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(fullDimension, true, true);
        if (!eigen.decompose(covariance)) {
            return identity(fullDimension);
        }
        Integer[] order = IntStream.range(0, fullDimension).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> eigen.getEigenvalue(i).real).reversed())
                .toArray(Integer[]::new);
        double total = 0;
        for (int i = 0; i < fullDimension; i++) {
            total += Math.max(0, eigen.getEigenvalue(i).real);
        }
        int components = 0;
        double kept = 0;
        while (components < fullDimension && (kept < varianceKept * total || components % STEP != 0)) {
            kept += Math.max(0, eigen.getEigenvalue(order[components]).real);
            components++;
        }
        if (components > fullDimension / 2 || total == 0) {
            return identity(fullDimension);
        }
        float[] basis = new float[components * fullDimension];
        for (int c = 0; c < components; c++) {
            DMatrixRMaj v = eigen.getEigenVector(order[c]);
            for (int j = 0; j < fullDimension; j++) {
                basis[c * fullDimension + j] = (float) v.get(j, 0);
            }
        }
        return new GraphSpace(fullDimension, components, basis, kept / total);
    }

    /** Dimensions of the projected vectors. */
    public int dimension() {
        return dimension;
    }

    /** The share of the fitted sample's variance the projection keeps (1 for the identity). */
    double varianceKept() {
        return varianceKept;
    }

    public boolean isIdentity() {
        return basis.length == 0;
    }

    /** The projection of the vector at {@code offset} in {@code matrix}, a new array. */
    public float[] project(float[] matrix, int offset) {
        if (isIdentity()) {
            return Arrays.copyOfRange(matrix, offset, offset + fullDimension);
        }
        float[] out = new float[dimension];
        for (int c = 0; c < dimension; c++) {
            out[c] = VectorKernels.dot(basis, c * fullDimension, matrix, offset, fullDimension);
        }
        return out;
    }

    /** The projection of a whole vector, a new array. */
    public float[] project(float[] vector) {
        return project(vector, 0);
    }

    @Override
    public String toString() {
        return isIdentity() ? "GraphSpace[identity, " + fullDimension + "]"
                : String.format(java.util.Locale.ROOT, "GraphSpace[%d of %d dimensions, %.3f of the variance]",
                        dimension, fullDimension, varianceKept);
    }
}
