package io.polyface.plugin.sensetime;

import io.polyface.toolkit.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalInt;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * The image rules of {@code /face/detection}: JPG, BMP, PNG, GIF or TIFF; width and height above 8
 * and at most 4000 pixels; at most 5 MB. Also reads the EXIF orientation of JPEG files, and turns
 * images for the engine (GIF and TIFF re-encoded, auto-rotation) with the JDK's ImageIO.
 */
final class SensetimeImages {
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MIN_SIDE_EXCLUSIVE = 8;
    static final int MAX_SIDE = 4000;
    /** Crops smaller than this (shorter side, pixels) are enlarged before the engine sees them. */
    static final int MIN_CROP_SIDE = 160;

    enum Format { JPEG, PNG, GIF, BMP, TIFF }

    /**
     * An accepted image.
     *
     * @param width as processed: after the EXIF orientation is applied
     * @param exifOrientation 1..8 when the file carries one
     */
    record Inspected(Format format, int width, int height, OptionalInt exifOrientation) {
    }

    private SensetimeImages() {
    }

    /**
     * Checks an image against the document's rules.
     *
     * @throws SensetimeFailure IMAGE_FILE_SIZE_TOO_BIG, INVALID_IMAGE_FORMAT_OR_SIZE or CORRUPT_IMAGE
     */
    static Inspected inspect(byte[] image) {
        if (image.length > MAX_BYTES) {
            throw new SensetimeFailure(SensetimeStatus.IMAGE_FILE_SIZE_TOO_BIG,
                    "image is " + image.length + " bytes; at most " + MAX_BYTES + " (5 MB) are accepted");
        }
        Format format = format(image);
        int width;
        int height;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw corrupt();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SensetimeFailure failure) {
                throw failure;
            }
            throw corrupt();
        }
        OptionalInt orientation = format == Format.JPEG ? ImageFiles.exifOrientation(image) : OptionalInt.empty();
        if (orientation.isPresent() && orientation.getAsInt() >= 5) {
            int swap = width;
            width = height;
            height = swap;
        }
        if (width <= MIN_SIDE_EXCLUSIVE || height <= MIN_SIDE_EXCLUSIVE || width > MAX_SIDE || height > MAX_SIDE) {
            throw new SensetimeFailure(SensetimeStatus.INVALID_IMAGE_FORMAT_OR_SIZE,
                    "image is " + width + "x" + height + "; width and height must be above " + MIN_SIDE_EXCLUSIVE
                            + " and at most " + MAX_SIDE + " pixels");
        }
        return new Inspected(format, width, height, orientation);
    }

    /** The format from the first bytes; a known but unsupported format is refused as such. */
    static Format format(byte[] b) {
        if (ImageFiles.startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return Format.JPEG;
        }
        if (ImageFiles.startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Format.PNG;
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return Format.GIF;
        }
        if (ascii(b, 0, "BM") && b.length >= 26) {
            return Format.BMP;
        }
        if (ImageFiles.startsWith(b, 'I', 'I', 0x2A, 0x00) || ImageFiles.startsWith(b, 'M', 'M', 0x00, 0x2A)) {
            return Format.TIFF;
        }
        if ((ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) || ascii(b, 4, "ftyp") || ImageFiles.startsWith(b, 0x00, 0x00, 0x01, 0x00)
                || ImageFiles.startsWith(b, 0x00, 0x00, 0x00, 0x0C, 'j', 'P') || ImageFiles.startsWith(b, 0xFF, 0x4F, 0xFF, 0x51)) {
            throw new SensetimeFailure(SensetimeStatus.INVALID_IMAGE_FORMAT_OR_SIZE,
                    "image format not supported; use JPG, BMP, PNG, GIF or TIFF");
        }
        throw corrupt();
    }

    // ---- turning images -------------------------------------------------------------------

    /** Pixels of an image with its EXIF orientation applied, or empty when ImageIO cannot decode it. */
    static Optional<BufferedImage> decodeUpright(byte[] image, OptionalInt exifOrientation) {
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (decoded == null) {
            return Optional.empty();
        }
        BufferedImage rgb = toRgb(decoded);
        return Optional.of(exifOrientation.isPresent() ? ImageFiles.orient(rgb, exifOrientation.getAsInt()) : rgb);
    }

    /** Turns an image clockwise by 90 degrees, {@code quarterTurns} times. */
    static BufferedImage rotateClockwise(BufferedImage source, int quarterTurns) {
        return switch (Math.floorMod(quarterTurns, 4)) {
            case 0 -> source;
            case 1 -> ImageFiles.orient(source, 6);
            case 2 -> ImageFiles.orient(source, 3);
            default -> ImageFiles.orient(source, 8);
        };
    }

    /** A piece of an image around a face, and the face's box in the piece's coordinates. */
    record Crop(byte[] png, io.polyface.spi.engine.BoundingBox region) {
    }

    /**
     * The part of an image around a box, grown by {@code margin} times the box's larger side on
     * every side and cut at the image's edges, as PNG (lossless, so the face's pixels are the same).
     */
    static Crop cropAround(BufferedImage image, io.polyface.spi.engine.BoundingBox box, double margin) {
        double grow = margin * Math.max(box.width(), box.height());
        int left = (int) Math.max(0, Math.floor(box.x() - grow));
        int top = (int) Math.max(0, Math.floor(box.y() - grow));
        int right = (int) Math.min(image.getWidth(), Math.ceil(box.x() + box.width() + grow));
        int bottom = (int) Math.min(image.getHeight(), Math.ceil(box.y() + box.height() + grow));
        if (right - left < 1 || bottom - top < 1) {
            left = 0;
            top = 0;
            right = image.getWidth();
            bottom = image.getHeight();
        }
        BufferedImage piece = image.getSubimage(left, top, right - left, bottom - top);
        // Small pieces are enlarged, so that the detector sees a face of a size it finds.
        double scale = Math.max(1, MIN_CROP_SIDE / (double) Math.min(piece.getWidth(), piece.getHeight()));
        if (scale > 1) {
            BufferedImage larger = new BufferedImage((int) Math.round(piece.getWidth() * scale), (int) Math.round(piece.getHeight() * scale),
                    BufferedImage.TYPE_INT_RGB);
            var g = larger.createGraphics();
            try {
                g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
                g.drawImage(piece, 0, 0, larger.getWidth(), larger.getHeight(), null);
            } finally {
                g.dispose();
            }
            piece = larger;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(piece, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a PNG in memory", e);
        }
        return new Crop(out.toByteArray(), new io.polyface.spi.engine.BoundingBox((box.x() - left) * scale, (box.y() - top) * scale,
                box.width() * scale, box.height() * scale));
    }

    /** JPEG at quality 0.95: what the engine gets for a turned or re-encoded image. */
    static byte[] encodeJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            writer.write(null, new IIOImage(toRgb(image), null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a JPEG in memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    // ---- bytes ----------------------------------------------------------------------------

    private static SensetimeFailure corrupt() {
        return new SensetimeFailure(SensetimeStatus.CORRUPT_IMAGE, "the file is not an image or it is damaged");
    }

    private static boolean ascii(byte[] b, int offset, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        if (offset < 0 || b.length < offset + t.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (b[offset + i] != t[i]) {
                return false;
            }
        }
        return true;
    }
}
