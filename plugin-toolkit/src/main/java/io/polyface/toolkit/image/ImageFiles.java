package io.polyface.toolkit.image;

import java.awt.image.BufferedImage;
import java.util.OptionalInt;

/**
 * Reading image files without a library: whether a file starts with a format's signature, and the
 * EXIF orientation of a JPEG (tag 0x0112 of IFD0 in the APP1 "Exif" segment) with the image turned
 * as that orientation says it is to be shown.
 */
public final class ImageFiles {
    private static final int ORIENTATION_TAG = 0x0112;

    private ImageFiles() {
    }

    /** Whether the data starts with these bytes (each 0..255): a format's signature. */
    public static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The EXIF orientation (1..8) of a JPEG; empty when it has none or it cannot be read. */
    public static OptionalInt exifOrientation(byte[] jpeg) {
        int position = 2; // after SOI
        while (position + 4 <= jpeg.length && (jpeg[position] & 0xFF) == 0xFF) {
            int marker = jpeg[position + 1] & 0xFF;
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                position += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break; // image data begins: no EXIF before it
            }
            int length = u16(jpeg, position + 2, false);
            if (length < 2 || position + 2 + length > jpeg.length) {
                break;
            }
            if (marker == 0xE1 && length >= 8 && jpeg[position + 4] == 'E' && jpeg[position + 5] == 'x'
                    && jpeg[position + 6] == 'i' && jpeg[position + 7] == 'f') {
                return tiffOrientation(jpeg, position + 10, position + 2 + length);
            }
            position += 2 + length;
        }
        return OptionalInt.empty();
    }

    private static OptionalInt tiffOrientation(byte[] data, int tiff, int end) {
        if (tiff + 8 > end) {
            return OptionalInt.empty();
        }
        boolean little;
        if (data[tiff] == 'I' && data[tiff + 1] == 'I') {
            little = true;
        } else if (data[tiff] == 'M' && data[tiff + 1] == 'M') {
            little = false;
        } else {
            return OptionalInt.empty();
        }
        long ifd = u32(data, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > end) {
            return OptionalInt.empty();
        }
        int entries = u16(data, (int) (tiff + ifd), little);
        for (int i = 0; i < entries; i++) {
            int entry = (int) (tiff + ifd + 2 + 12L * i);
            if (entry + 12 > end) {
                break;
            }
            if (u16(data, entry, little) == ORIENTATION_TAG) {
                int value = u16(data, entry + 8, little);
                return value >= 1 && value <= 8 ? OptionalInt.of(value) : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The image as it is to be shown under an EXIF orientation (1..8): the pixel at (x, y) of the
     * result shows the right point of the stored image. Orientation 1 is the image itself.
     */
    public static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean turned = orientation >= 5;
        int outW = turned ? h : w;
        int outH = turned ? w : h;
        int[] in = image.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int tx;
                int ty;
                switch (orientation) {
                    case 2 -> { tx = w - 1 - x; ty = y; }
                    case 3 -> { tx = w - 1 - x; ty = h - 1 - y; }
                    case 4 -> { tx = x; ty = h - 1 - y; }
                    case 5 -> { tx = y; ty = x; }
                    case 6 -> { tx = h - 1 - y; ty = x; }
                    case 7 -> { tx = h - 1 - y; ty = w - 1 - x; }
                    default -> { tx = y; ty = w - 1 - x; } // 8
                }
                out[ty * outW + tx] = in[y * w + x];
            }
        }
        BufferedImage result = new BufferedImage(outW, outH,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, outW, outH, out, 0, outW);
        return result;
    }

    private static int u16(byte[] data, int at, boolean little) {
        int a = data[at] & 0xFF;
        int b = data[at + 1] & 0xFF;
        return little ? a | b << 8 : a << 8 | b;
    }

    private static long u32(byte[] data, int at, boolean little) {
        long a = data[at] & 0xFF;
        long b = data[at + 1] & 0xFF;
        long c = data[at + 2] & 0xFF;
        long d = data[at + 3] & 0xFF;
        return little ? a | b << 8 | c << 16 | d << 24 : a << 24 | b << 16 | c << 8 | d;
    }
}
