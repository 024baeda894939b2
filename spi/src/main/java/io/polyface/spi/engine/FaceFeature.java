package io.polyface.spi.engine;

/**
 * What {@link FaceEngine#analyze} can compute beyond box, five points and embedding. Each costs
 * model runs, so a caller asks only for what it uses.
 */
public enum FaceFeature {
    /** Yaw, pitch and roll. */
    POSE,
    /** Blur, brightness, size and orientation (orientation needs the pose, which is then reported too). */
    QUALITY,
    /** Age, gender, eye state and smile. */
    ATTRIBUTES,
    /** The liveness (anti-spoofing) score. */
    LIVENESS,
    /** The 68 measured landmarks and the 21- and 106-point sets derived from them. */
    LANDMARKS
}
