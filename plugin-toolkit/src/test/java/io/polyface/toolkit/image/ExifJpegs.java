package io.polyface.toolkit.image;

import java.io.ByteArrayOutputStream;

/** JPEGs that carry an EXIF orientation, for the tests of what reads one ({@link ImageFiles#exifOrientation}). */
public final class ExifJpegs {
    private ExifJpegs() {
    }

    /** The JPEG with an APP1 Exif segment holding one orientation entry (big-endian TIFF) after its SOI marker. */
    public static byte[] withOrientation(byte[] jpeg, int orientation) {
        return withOrientation(jpeg, orientation, false);
    }

    /** The JPEG with an APP1 Exif segment holding one orientation entry, its TIFF big- or little-endian, after its SOI marker. */
    public static byte[] withOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        byte[] tiff = littleEndian
                ? new byte[] {'I', 'I', 0x2A, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0, 0, 0, 0, 0}
                : new byte[] {'M', 'M', 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
        int length = 2 + 6 + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
