package io.polyface.engine.local.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What the first bytes of an encoded image say: its format, pixel size (for TIFF, of its first
 * image), and for JPEG, PNG and WebP whether the stream is complete. Read in plain Java before any
 * native decoding, so that a huge image is refused before its pixels are allocated and a truncated
 * file is refused although libjpeg would happily fill its missing rows with grey.
 *
 * @param format the container format
 * @param width pixel width, or 0 when the header does not say
 * @param height pixel height, or 0 when the header does not say
 * @param complete false when the stream ends before its format's end marker
 */
record ImageHeader(Format format, long width, long height, boolean complete) {

    enum Format { JPEG, PNG, WEBP, GIF, BMP, TIFF, OTHER }

    ImageHeader {
        requireNonNull(format, "format is null");
    }

    long pixels() {
        return width * height;
    }

    boolean dimensionsKnown() {
        return width > 0 && height > 0;
    }

    /**
     * Reads the header.
     *
     * @return the header, or a message saying why the bytes are broken (a format was recognised but
     *     its header is invalid)
     */
    static Result probe(byte[] b) {
        requireNonNull(b, "bytes is null");
        if (b.length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return jpeg(b);
        }
        if (b.length >= 8 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return png(b);
        }
        if (b.length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return webp(b);
        }
        if (b.length >= 10 && (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a"))) {
            return Result.ok(new ImageHeader(Format.GIF, le16(b, 6), le16(b, 8), true));
        }
        if (b.length >= 26 && ascii(b, 0, "BM")) {
            long w = Math.abs((long) le32s(b, 18));
            long h = Math.abs((long) le32s(b, 22));
            return Result.ok(new ImageHeader(Format.BMP, w, h, true));
        }
        if (b.length >= 8 && (ascii(b, 0, "II*\0") || ascii(b, 0, "MM\0*"))) {
            return tiff(b);
        }
        return Result.ok(new ImageHeader(Format.OTHER, 0, 0, true));
    }

    /** Either a header or the reason the bytes are broken. */
    record Result(Optional<ImageHeader> header, String problem) {
        static Result ok(ImageHeader header) {
            return new Result(Optional.of(header), "");
        }

        static Result broken(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }

    /**
     * Walks the JPEG marker segments: the frame header gives the size, and the entropy-coded data
     * after each scan is skipped up to the next marker, so a file cut short never reaches EOI.
     */
    private static Result jpeg(byte[] b) {
        long width = 0;
        long height = 0;
        int i = 2;
        while (i + 1 < b.length) {
            if (u8(b, i) != 0xFF) {
                return Result.broken("corrupt JPEG: expected a marker at byte " + i);
            }
            int marker = u8(b, i + 1);
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD9) {
                return Result.ok(new ImageHeader(Format.JPEG, width, height, true));
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            if (i + 3 >= b.length) {
                break;
            }
            int length = be16(b, i + 2);
            if (length < 2) {
                return Result.broken("corrupt JPEG: segment length " + length + " at byte " + i);
            }
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame && i + 8 < b.length) {
                height = be16(b, i + 5);
                width = be16(b, i + 7);
            }
            i += 2 + length;
            if (marker == 0xDA) {
                // entropy-coded data: runs to the next marker that is neither a stuffed 0x00 nor a restart
                while (i + 1 < b.length) {
                    if (u8(b, i) == 0xFF) {
                        int next = u8(b, i + 1);
                        if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
                            break;
                        }
                    }
                    i++;
                }
            }
        }
        return Result.ok(new ImageHeader(Format.JPEG, width, height, false));
    }

    /** PNG: IHDR must come first with 13 bytes; the chunk chain must reach IEND. */
    private static Result png(byte[] b) {
        if (b.length < 33 || be32(b, 8) != 13 || !ascii(b, 12, "IHDR")) {
            return Result.broken("corrupt PNG: no valid IHDR chunk");
        }
        long width = be32(b, 16);
        long height = be32(b, 20);
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return Result.broken("corrupt PNG: invalid size " + width + "x" + height);
        }
        long i = 8;
        while (i + 8 <= b.length) {
            long length = be32(b, (int) i);
            if (length > Integer.MAX_VALUE) {
                return Result.broken("corrupt PNG: chunk length " + length + " at byte " + i);
            }
            if (ascii(b, (int) i + 4, "IEND")) {
                return Result.ok(new ImageHeader(Format.PNG, width, height, true));
            }
            i += 12 + length;
        }
        return Result.ok(new ImageHeader(Format.PNG, width, height, false));
    }

    /** WebP: the RIFF size must fit the data; the size comes from the VP8, VP8L or VP8X chunk. */
    private static Result webp(byte[] b) {
        long riffSize = le32(b, 4);
        boolean complete = riffSize + 8 <= b.length;
        if (b.length < 30) {
            return Result.ok(new ImageHeader(Format.WEBP, 0, 0, complete));
        }
        long width = 0;
        long height = 0;
        if (ascii(b, 12, "VP8 ")) {
            width = le16(b, 26) & 0x3FFF;
            height = le16(b, 28) & 0x3FFF;
        } else if (ascii(b, 12, "VP8L") && b.length >= 25) {
            long bits = le32(b, 21);
            width = (bits & 0x3FFF) + 1;
            height = ((bits >>> 14) & 0x3FFF) + 1;
        } else if (ascii(b, 12, "VP8X")) {
            width = (le24(b, 24)) + 1;
            height = (le24(b, 27)) + 1;
        }
        return Result.ok(new ImageHeader(Format.WEBP, width, height, complete));
    }

    /**
     * TIFF: the first image file directory's ImageWidth (256) and ImageLength (257) entries, each a
     * BYTE, SHORT or LONG held in the entry itself; the first of duplicate entries counts, as in
     * libtiff. A directory outside the file, or one without both sizes, is broken: the size of every
     * image must be known before its pixels are decoded.
     */
    private static Result tiff(byte[] b) {
        boolean little = b[0] == 'I';
        long directory = little ? le32(b, 4) : be32(b, 4);
        if (directory < 8 || directory + 2 > b.length) {
            return Result.broken("corrupt TIFF: image directory at byte " + directory + " of " + b.length);
        }
        int at = (int) directory;
        int entries = little ? le16(b, at) : be16(b, at);
        long width = 0;
        long height = 0;
        for (int k = 0; k < entries; k++) {
            int entry = at + 2 + 12 * k;
            if (entry + 12 > b.length) {
                return Result.broken("corrupt TIFF: image directory runs past the end of the file");
            }
            int tag = little ? le16(b, entry) : be16(b, entry);
            int type = little ? le16(b, entry + 2) : be16(b, entry + 2);
            long value = switch (type) {
                case 1 -> u8(b, entry + 8); // BYTE
                case 3 -> little ? le16(b, entry + 8) : be16(b, entry + 8); // SHORT, left-justified
                case 4 -> little ? le32(b, entry + 8) : be32(b, entry + 8); // LONG
                default -> 0;
            };
            if (tag == 256 && width == 0) {
                width = value;
            } else if (tag == 257 && height == 0) {
                height = value;
            }
        }
        if (width == 0 || height == 0) {
            return Result.broken("corrupt TIFF: no ImageWidth and ImageLength of type BYTE, SHORT or LONG");
        }
        return Result.ok(new ImageHeader(Format.TIFF, width, height, true));
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int be16(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    private static long be32(byte[] b, int i) {
        return ((long) u8(b, i) << 24) | ((long) u8(b, i + 1) << 16) | ((long) u8(b, i + 2) << 8) | u8(b, i + 3);
    }

    private static int le16(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8);
    }

    private static long le24(byte[] b, int i) {
        return u8(b, i) | ((long) u8(b, i + 1) << 8) | ((long) u8(b, i + 2) << 16);
    }

    private static long le32(byte[] b, int i) {
        return le24(b, i) | ((long) u8(b, i + 3) << 24);
    }

    private static int le32s(byte[] b, int i) {
        return (int) le32(b, i);
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        if (offset < 0 || offset + s.length() > b.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b[offset + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
