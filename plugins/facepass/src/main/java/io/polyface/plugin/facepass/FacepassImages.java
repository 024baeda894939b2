package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.toolkit.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What the dialect itself needs to know about an uploaded image, with the JDK's own codecs only:
 * its format (from the content, never a file name), its size after EXIF orientation, and the
 * document's face crop for {@code /image/query?face_token=}.
 */
final class FacepassImages {

    /** Formats told apart by their first bytes. */
    enum Format { JPEG, PNG, BMP, GIF, WEBP, OTHER }

    /**
     * An image's format and its displayed size (EXIF orientation applied, as the engine detects
     * faces on the turned image).
     */
    record Info(Format format, int width, int height, int orientation) {
        Info {
            requireNonNull(format, "format is null");
        }

        long area() {
            return (long) width * height;
        }
    }

    /** A face box as FacePass writes it: whole pixels, right and bottom exclusive. */
    record Rect(int left, int top, int right, int bottom) {
        int width() {
            return right - left;
        }

        int height() {
            return bottom - top;
        }

        /**
         * Writes the four keys in the real server's order, bottom, left, right, top, as the
         * document's captured compare answer shows it (its hand-written face/add and face/query
         * templates list left, top, right, bottom). One order everywhere a rect is answered.
         */
        void putInto(ObjectNode node) {
            node.put("bottom", bottom);
            node.put("left", left);
            node.put("right", right);
            node.put("top", top);
        }

        /** A rect read by its keys' names, in whatever order they come. */
        static Rect of(JsonNode node) {
            return new Rect(node.path("left").asInt(), node.path("top").asInt(), node.path("right").asInt(),
                    node.path("bottom").asInt());
        }
    }

    private FacepassImages() {
    }

    static Format format(byte[] image) {
        if (ImageFiles.startsWith(image, 0xFF, 0xD8, 0xFF)) {
            return Format.JPEG;
        }
        if (ImageFiles.startsWith(image, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Format.PNG;
        }
        if (ImageFiles.startsWith(image, 'B', 'M')) {
            return Format.BMP;
        }
        if (ImageFiles.startsWith(image, 'G', 'I', 'F', '8')) {
            return Format.GIF;
        }
        if (ImageFiles.startsWith(image, 'R', 'I', 'F', 'F') && image.length >= 12 && image[8] == 'W' && image[9] == 'E'
                && image[10] == 'B' && image[11] == 'P') {
            return Format.WEBP;
        }
        return Format.OTHER;
    }

    /**
     * The format and displayed size from the image's header; empty when the header cannot be read
     * (not an image the JDK knows, or broken before its size).
     */
    static Optional<Info> inspect(byte[] image) {
        Format format = format(image);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int orientation = format == Format.JPEG ? ImageFiles.exifOrientation(image).orElse(1) : 1;
                boolean turned = orientation >= 5 && orientation <= 8;
                return width <= 0 || height <= 0 ? Optional.empty()
                        : Optional.of(new Info(format, turned ? height : width, turned ? width : height, orientation));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A box in a displayed image, rounded to whole pixels and kept inside the image. */
    static Rect rect(double x, double y, double width, double height, int imageWidth, int imageHeight) {
        int left = clamp((int) Math.round(x), 0, imageWidth);
        int top = clamp((int) Math.round(y), 0, imageHeight);
        int right = clamp((int) Math.round(x + width), left, imageWidth);
        int bottom = clamp((int) Math.round(y + height), top, imageHeight);
        return new Rect(left, top, right, bottom);
    }

    /**
     * The document's crop around a face: twice the rect's width and height, the horizontal centre
     * kept, 3/5 of the added height above the rect and 2/5 below; then cut to the image.
     */
    static Rect cropOf(Rect face, int imageWidth, int imageHeight) {
        int w = face.width();
        int h = face.height();
        int left = face.left() - w / 2;
        int right = face.right() + (w - w / 2);
        int above = (3 * h + 2) / 5;
        int top = face.top() - above;
        int bottom = face.bottom() + (h - above);
        return new Rect(clamp(left, 0, imageWidth), clamp(top, 0, imageHeight),
                clamp(right, 0, imageWidth), clamp(bottom, 0, imageHeight));
    }

    /**
     * Cuts the crop of a face out of a stored image and encodes it: PNG stays PNG (lossless),
     * anything else becomes JPEG.
     *
     * @return the encoded crop and its media type
     * @throws IOException if the stored image cannot be decoded
     */
    static Encoded crop(byte[] image, Rect face) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
        if (decoded == null) {
            throw new IOException("the stored image cannot be decoded here");
        }
        Format format = format(image);
        BufferedImage shown = format == Format.JPEG ? ImageFiles.orient(decoded, ImageFiles.exifOrientation(image).orElse(1)) : decoded;
        Rect crop = cropOf(face, shown.getWidth(), shown.getHeight());
        if (crop.width() <= 0 || crop.height() <= 0) {
            throw new IOException("the face lies outside the stored image");
        }
        boolean png = format == Format.PNG;
        int type = png && shown.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage out = new BufferedImage(crop.width(), crop.height(), type);
        int[] pixels = shown.getRGB(crop.left(), crop.top(), crop.width(), crop.height(), null, 0, crop.width());
        out.setRGB(0, 0, crop.width(), crop.height(), pixels, 0, crop.width());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(out, png ? "png" : "jpeg", bytes)) {
            throw new IOException("no encoder");
        }
        return new Encoded(bytes.toByteArray(), png ? "image/png" : "image/jpeg");
    }

    record Encoded(byte[] bytes, String mediaType) {
    }

    static String mediaType(Format format) {
        return switch (format) {
            case JPEG -> "image/jpeg";
            case PNG -> "image/png";
            case BMP -> "image/bmp";
            case GIF -> "image/gif";
            case WEBP -> "image/webp";
            case OTHER -> "application/octet-stream";
        };
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

}
