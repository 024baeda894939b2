package io.polyface.conformance.facepass;

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
 * The photos the FacePass suite uses, by role (all shipped in the kit, a subset of the shared
 * labelled set; the gate results are those of the local engine), and the copies it makes of them:
 * turned, blurred, darkened, framed, re-encoded.
 */
final class FacepassPhotos {
    /** Frontal, sharp, face over 100 px: passes FacePass's gate. */
    static final String ANGELINA_1 = "angelina/deepface_img5.jpg";
    static final String ANGELINA_2 = "angelina/deepface_img11.jpg";
    static final String ANGELINA_PROBE = "angelina/deepface_img10.jpg";
    static final String SCARLETT_1 = "scarlett/deepface_img50.jpg";
    static final String SCARLETT_PROBE = "scarlett/deepface_img51.jpg";
    static final String JENNIFER_1 = "jennifer/deepface_img12.jpg";
    static final String JENNIFER_PROBE = "jennifer/deepface_img56.jpg";
    static final String ID01_1 = "deepface_id01/deepface_img46.jpg";
    /** Its largest face is under 100 px: FaceMin. */
    static final String ID01_SMALL = "deepface_id01/deepface_img27.jpg";
    static final String NO_FACE = "nonface/mtcnn_no-faces.jpg";

    private FacepassPhotos() {
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("not an image ImageIO reads");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(BufferedImage image, String format) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(rgb, format, out)) {
                throw new IllegalArgumentException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Turned by the given degrees about its centre, on a canvas large enough for every corner. */
    static BufferedImage rotated(BufferedImage image, double degrees) {
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

    /** A Gaussian blur of the given sigma in pixels (edges kept as they are). */
    static BufferedImage blurred(BufferedImage image, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] weights = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        BufferedImage across = new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null).filter(rgb, null);
        return new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null).filter(across, null);
    }

    /** Every channel multiplied by the factor. */
    static BufferedImage darkened(BufferedImage image, double factor) {
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
    static BufferedImage framed(BufferedImage image, int border) {
        BufferedImage out = new BufferedImage(image.getWidth() + 2 * border, image.getHeight() + 2 * border, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, border, border, null);
        g.dispose();
        return out;
    }
}
