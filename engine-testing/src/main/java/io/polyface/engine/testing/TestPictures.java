package io.polyface.engine.testing;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EyeState;
import io.polyface.spi.engine.FaceAttributes;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceLandmarks;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.Gender;
import io.polyface.spi.engine.Orientation;
import io.polyface.spi.engine.Point;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Pictures whose faces {@link ImageDetector#pictures()} can tell without a model: the colour at
 * the centre is the person (the face's embedding is that colour, normalised), a black centre is no
 * face, a white block at the top-left corner marks an upright face, and a grey centre column
 * divides two people ({@link #pair}).
 */
public final class TestPictures {
    /** The grey column between the two people of {@link #pair}. */
    public static final int PAIR_DIVIDER = 0x808080;
    /** The colour of no face. */
    public static final Color NOBODY = Color.BLACK;

    private TestPictures() {
    }

    /** A picture of one person, upright. */
    public static BufferedImage picture(int width, int height, Color person) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(person);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, Math.min(16, width / 4), Math.min(16, height / 4));
        g.dispose();
        return image;
    }

    public static byte[] png(int width, int height, Color person) {
        return encode(picture(width, height, person), "png");
    }

    /** A 120 x 100 PNG of one person. */
    public static byte[] png(Color person) {
        return png(120, 100, person);
    }

    /** Two people side by side, {@code left} in the left half and {@code right} in the right. */
    public static byte[] pair(Color left, Color right) {
        BufferedImage image = picture(200, 100, left);
        Graphics2D g = image.createGraphics();
        g.setColor(right);
        g.fillRect(100, 0, 100, 100);
        g.setColor(new Color(PAIR_DIVIDER));
        g.fillRect(95, 0, 10, 100);
        g.dispose();
        return encode(image, "png");
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The embedding of a person's colour: the RGB components, normalised. */
    public static Embedding embeddingOf(Color person, String featureVersion) {
        float[] v = {person.getRed(), person.getGreen(), person.getBlue()};
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (int i = 0; i < 3; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return new Embedding(v, featureVersion);
    }

    /** The faces of a picture drawn here; see the class comment. */
    static List<DetectedFace> detect(byte[] image, Set<FaceFeature> features) {
        BufferedImage pixels;
        try {
            pixels = ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            throw new FaceException.UndecodableImage("not a picture: " + e.getMessage());
        }
        if (pixels == null) {
            throw new FaceException.UndecodableImage("not a picture");
        }
        int w = pixels.getWidth();
        int h = pixels.getHeight();
        int centre = pixels.getRGB(w / 2, h / 2) & 0xFFFFFF;
        if (centre == PAIR_DIVIDER && w >= 40) {
            Color left = new Color(pixels.getRGB(w / 4, h / 2) & 0xFFFFFF);
            Color right = new Color(pixels.getRGB(3 * w / 4, h / 2) & 0xFFFFFF);
            return List.of(
                    face(new BoundingBox(w * 0.1, h * 0.25, w * 0.3, h * 0.5), 0.99, left, features, w, h, Orientation.UP),
                    face(new BoundingBox(w * 0.6, h * 0.3, w * 0.25, h * 0.4), 0.98, right, features, w, h, Orientation.UP));
        }
        if (centre == 0) {
            return List.of();
        }
        int marker = pixels.getRGB(Math.min(2, w - 1), Math.min(2, h - 1));
        boolean upright = ((marker >> 16) & 0xFF) > 220 && ((marker >> 8) & 0xFF) > 220 && (marker & 0xFF) > 220;
        BoundingBox box = new BoundingBox(w / 4.0, h / 4.0, w / 2.0, h / 2.0);
        // Like a real detector, it is less sure of a face that lies on its side.
        return List.of(face(box, upright ? 0.99 : 0.7, new Color(centre), features, w, h,
                upright ? Orientation.UP : Orientation.LEFT));
    }

    private static DetectedFace face(BoundingBox box, double confidence, Color person, Set<FaceFeature> features, int w,
            int h, Orientation orientation) {
        List<Point> five = List.of(new Point(w * 0.4, h * 0.4), new Point(w * 0.6, h * 0.4), new Point(w * 0.5, h * 0.5),
                new Point(w * 0.42, h * 0.6), new Point(w * 0.58, h * 0.6));
        Optional<FaceLandmarks> landmarks = features.contains(FaceFeature.LANDMARKS)
                ? Optional.of(new FaceLandmarks(points(68, w, h), points(21, w, h), points(106, w, h)))
                : Optional.empty();
        Optional<FaceAttributes> attributes = features.contains(FaceFeature.ATTRIBUTES)
                ? Optional.of(new FaceAttributes(31.6, new FaceAttributes.Estimate<>(Gender.FEMALE, 0.9),
                        new FaceAttributes.Estimate<>(EyeState.OPEN, 0.9), new FaceAttributes.Estimate<>(EyeState.OPEN, 0.9),
                        0.25))
                : Optional.empty();
        Optional<FaceQuality> quality = features.contains(FaceFeature.QUALITY)
                ? Optional.of(new FaceQuality(0.1, 120, 40, w / 2.0, orientation))
                : Optional.empty();
        FaceDetails details = new FaceDetails(Optional.empty(), quality, attributes, OptionalDouble.empty(), landmarks);
        return new DetectedFace(box, confidence, five, embeddingOf(person, InMemoryFaceEngine.DEFAULT_VERSION), details);
    }

    private static List<Point> points(int n, int w, int h) {
        return IntStream.range(0, n).mapToObj(i -> new Point(w * 0.3 + i * 0.1, h * 0.3 + i * 0.1)).toList();
    }
}
