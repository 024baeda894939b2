package io.polyface.spi.engine;

/** A point in pixels of the original image. */
public record Point(double x, double y) {
}
