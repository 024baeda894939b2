package io.polyface.engine.local.pipeline;

/**
 * Fits an image into a fixed input size with its aspect ratio kept: scaled by one factor, placed
 * at the top-left corner, the rest padded. Pure geometry; the pixels are moved by the caller.
 *
 * @param imageWidth original width in pixels
 * @param imageHeight original height in pixels
 * @param inputWidth model input width
 * @param inputHeight model input height
 * @param scale the factor from original pixels to input pixels
 * @param scaledWidth width of the scaled image inside the input (the rest is padding)
 * @param scaledHeight height of the scaled image inside the input
 */
record Letterbox(int imageWidth, int imageHeight, int inputWidth, int inputHeight,
        double scale, int scaledWidth, int scaledHeight) {

    public Letterbox {
        if (imageWidth <= 0 || imageHeight <= 0 || inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive: image " + imageWidth + "x" + imageHeight
                    + ", input " + inputWidth + "x" + inputHeight);
        }
    }

    /** The letterbox for an image of the given size into the given input size. */
    public static Letterbox of(int imageWidth, int imageHeight, int inputWidth, int inputHeight) {
        if (imageWidth <= 0 || imageHeight <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + imageWidth + "x" + imageHeight);
        }
        double scale = Math.min((double) inputWidth / imageWidth, (double) inputHeight / imageHeight);
        int w = clamp((int) Math.round(imageWidth * scale), inputWidth);
        int h = clamp((int) Math.round(imageHeight * scale), inputHeight);
        return new Letterbox(imageWidth, imageHeight, inputWidth, inputHeight, scale, w, h);
    }

    private static int clamp(int v, int max) {
        return Math.max(1, Math.min(v, max));
    }

    /** An x coordinate given as a fraction of the input width, in original image pixels. */
    public double imageX(double normalisedX) {
        return normalisedX * inputWidth / scale;
    }

    /** A y coordinate given as a fraction of the input height, in original image pixels. */
    public double imageY(double normalisedY) {
        return normalisedY * inputHeight / scale;
    }
}
