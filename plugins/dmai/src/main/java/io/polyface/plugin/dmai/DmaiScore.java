package io.polyface.plugin.dmai;

/**
 * Maps the engine's raw cosine similarity onto DM-AI's 0..1 confidence.
 *
 * <p>A logistic curve centred on the raw similarity that best separates same-person from
 * different-person pairs of the labelled faces, so that DM-AI's recommended threshold is 0.5:
 * same person above it, different people below. The curve is monotonic, so rankings are kept.
 *
 * @param center the raw cosine that maps to 0.5
 * @param steepness how fast the score leaves 0.5 on either side
 */
public record DmaiScore(double center, double steepness) {
    /** The recommended DM-AI threshold: scores at or above it mean "same person". */
    public static final double RECOMMENDED_THRESHOLD = 0.5;

    /** Measured on the labelled pairs of the shared face set (see README, "Scores"). */
    public static final DmaiScore DEFAULT = new DmaiScore(0.33, 10.0);

    public DmaiScore {
        if (!(steepness > 0)) {
            throw new IllegalArgumentException("steepness must be positive: " + steepness);
        }
    }

    public double fromCosine(double cosine) {
        return 1.0 / (1.0 + Math.exp(-steepness * (cosine - center)));
    }

    /** The raw cosine that gives this score; used to turn a DM-AI threshold into an engine one. */
    public double toCosine(double score) {
        return center - Math.log(1.0 / score - 1.0) / steepness;
    }
}
