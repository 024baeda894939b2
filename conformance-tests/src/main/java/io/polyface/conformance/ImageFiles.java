package io.polyface.conformance;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The copies the suites make of their photos with the JDK's ImageIO: other formats, turned,
 * blurred, darkened, framed, plain, or with an EXIF orientation. Every image it returns is RGB.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("not an image ImageIO reads");
            }
            return rgb(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(rgb(image), format, out)) {
                throw new IllegalArgumentException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** Turned by the given degrees about its centre, on a grey canvas large enough for every corner. */
    public static BufferedImage rotated(BufferedImage image, double degrees) {
        double radians = Math.toRadians(degrees);
        double sin = Math.abs(Math.sin(radians));
        double cos = Math.abs(Math.cos(radians));
        int w = (int) Math.ceil(image.getWidth() * cos + image.getHeight() * sin);
        int h = (int) Math.ceil(image.getWidth() * sin + image.getHeight() * cos);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.translate(w / 2.0, h / 2.0);
        g.rotate(radians);
        g.drawImage(image, -image.getWidth() / 2, -image.getHeight() / 2, null);
        g.dispose();
        return out;
    }

    /** Turned clockwise by exactly 90 degrees, pixel for pixel. */
    public static BufferedImage clockwise(BufferedImage source) {
        int w = source.getWidth();
        int h = source.getHeight();
        BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(h - 1 - y, x, source.getRGB(x, y));
            }
        }
        return out;
    }

    /** A Gaussian blur of the given sigma in pixels, over three sigmas each way (edges kept as they are). */
    public static BufferedImage blurred(BufferedImage image, double sigma) {
        return blurred(image, sigma, (int) Math.ceil(3 * sigma));
    }

    /** A Gaussian blur of the given sigma in pixels, cut off at {@code radius} pixels each way (edges kept as they are). */
    public static BufferedImage blurred(BufferedImage image, double sigma, int radius) {
        float[] weights = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        BufferedImage across = new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null).filter(rgb(image), null);
        return new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null).filter(across, null);
    }

    /** Every channel multiplied by the factor. */
    public static BufferedImage darkened(BufferedImage image, double factor) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (int) (((rgb >> 16) & 0xFF) * factor);
                int gr = (int) (((rgb >> 8) & 0xFF) * factor);
                int b = (int) ((rgb & 0xFF) * factor);
                out.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return out;
    }

    /** The image in the middle of a grey frame of the given width. */
    public static BufferedImage framed(BufferedImage image, int border) {
        BufferedImage out = new BufferedImage(image.getWidth() + 2 * border, image.getHeight() + 2 * border, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, border, border, null);
        g.dispose();
        return out;
    }

    /** A grey PNG of the given size, without a face. */
    public static byte[] plain(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "png");
    }

    /** A JPEG with an EXIF APP1 segment holding only an orientation (big-endian TIFF). */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
        int length = 2 + 6 + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        // The original's own segments follow its SOI marker, an APP1 Exif of its own included if
        // present; readers take the first orientation they meet.
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
