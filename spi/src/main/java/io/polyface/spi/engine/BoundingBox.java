package io.polyface.spi.engine;

/** An axis-aligned box in pixels of the original image (after EXIF orientation is applied). */
public record BoundingBox(double x, double y, double width, double height) {
    public BoundingBox {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("negative box size: " + width + "x" + height);
        }
    }

    public double area() {
        return width * height;
    }

    /** Intersection over union with another box, 0 when they do not overlap. */
    public double iou(BoundingBox other) {
        double ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        double iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double intersection = ix * iy;
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
