package io.polyface.spi.engine;

/**
 * Where the top of the face points in the image: the direction of the face's midline from chin to
 * forehead, in eight 45-degree sectors. {@code UP} is an upright face; {@code UP_LEFT} one whose
 * head leans towards the image's left.
 */
public enum Orientation {
    UP, UP_LEFT, LEFT, DOWN_LEFT, DOWN, DOWN_RIGHT, RIGHT, UP_RIGHT;

    /**
     * The sector of a midline angle in degrees, measured from straight up, positive towards the
     * image's left (counter-clockwise as seen on screen); any angle is accepted and wrapped.
     */
    public static Orientation ofAngle(double degreesCounterClockwise) {
        if (!Double.isFinite(degreesCounterClockwise)) {
            throw new IllegalArgumentException("angle must be finite: " + degreesCounterClockwise);
        }
        double a = ((degreesCounterClockwise % 360) + 360) % 360;
        int sector = (int) Math.floor((a + 22.5) / 45) % 8;
        return values()[sector];
    }
}
