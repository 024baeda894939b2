package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * Image measures of one face.
 *
 * @param blur 0 (sharp) to 1 (no detail left); how it is measured is the engine's to document
 * @param brightness mean grey level (0..255) inside the face box
 * @param brightnessStd standard deviation of the grey level inside the face box
 * @param size the face box's shorter side in pixels
 * @param orientation where the top of the face points
 */
public record FaceQuality(double blur, double brightness, double brightnessStd, double size, Orientation orientation) {
    public FaceQuality {
        requireNonNull(orientation, "orientation is null");
        if (!(blur >= 0 && blur <= 1)) {
            throw new IllegalArgumentException("blur must be in 0..1: " + blur);
        }
        if (!(brightness >= 0 && brightness <= 255) || !(brightnessStd >= 0) || !(size >= 0)) {
            throw new IllegalArgumentException("bad measures: brightness " + brightness + ", std " + brightnessStd
                    + ", size " + size);
        }
    }
}
