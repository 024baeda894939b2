package io.polyface.spi.engine;

/**
 * Head pose in degrees, 0 when the face looks straight at the camera.
 *
 * @param yaw turning left or right (shaking the head); its sign flips on a mirrored image
 * @param pitch nodding up or down
 * @param roll tilting in the image plane (about the axis through the nose)
 */
public record FacePose(double yaw, double pitch, double roll) {
    public FacePose {
        if (!Double.isFinite(yaw) || !Double.isFinite(pitch) || !Double.isFinite(roll)) {
            throw new IllegalArgumentException("pose angles must be finite: " + yaw + ", " + pitch + ", " + roll);
        }
    }
}
