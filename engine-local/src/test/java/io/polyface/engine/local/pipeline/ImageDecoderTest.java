package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.polyface.spi.FaceException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    /** What each edge/ file is, from its manifest note. */
    private static final Map<String, Boolean> EDGE_DECODES = Map.of(
            "edge/compreface_corrupted.png", false,
            "edge/compreface_empty.png", false,
            "edge/compreface_truncated.jpg", false,
            "edge/deepface_img47.jpg", true, // WebP content named .jpg
            "edge/facerec_32bit.png", true); // RGBA PNG

    static List<String> edgeFiles() {
        return TestFaces.manifest("edge").stream().map(TestFaces.Entry::file).toList();
    }

    static List<String> photos() {
        return TestFaces.manifest().stream()
                .filter(e -> !e.kind().equals("edge"))
                .map(TestFaces.Entry::file)
                .toList();
    }

    @ParameterizedTest
    @MethodSource("edgeFiles")
    void edgeFiles(String file) {
        assertThat(EDGE_DECODES).as("every edge file has a stated outcome").containsKey(file);
        byte[] bytes = TestFaces.read(file);
        if (EDGE_DECODES.get(file)) {
            try (Mat m = decoder.decode(bytes)) {
                assertThat(m.type()).isEqualTo(CV_8UC3);
                assertThat(m.cols()).isPositive();
                assertThat(m.rows()).isPositive();
            }
        } else {
            assertThatThrownBy(() -> decoder.decode(bytes))
                    .isInstanceOf(FaceException.UndecodableImage.class)
                    // The reason alone: each dialect says in its own words that the image is undecodable.
                    .hasMessageNotContaining("undecodable")
                    .message().isNotBlank();
        }
    }

    @Test
    void rgbaPngKeepsItsSizeAndDropsAlpha() {
        try (Mat m = decoder.decode(TestFaces.read("edge/facerec_32bit.png"))) {
            assertThat(m.cols()).isEqualTo(626);
            assertThat(m.rows()).isEqualTo(1200);
            assertThat(m.channels()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("photos")
    void everyPhotoDecodesToBgr(String file) {
        try (Mat m = decoder.decode(TestFaces.read(file))) {
            assertThat(m.type()).isEqualTo(CV_8UC3);
        }
    }

    @Test
    void emptyAndGarbageAreUndecodable() {
        assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(FaceException.UndecodableImage.class);
        byte[] garbage = new byte[4096];
        new java.util.Random(1).nextBytes(garbage);
        assertThatThrownBy(() -> decoder.decode(garbage)).isInstanceOf(FaceException.UndecodableImage.class);
        assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}))
                .isInstanceOf(FaceException.UndecodableImage.class);
    }

    @Test
    void truncatedPngAndWebpAreUndecodable() {
        byte[] png = encode(".png", CV_8UC3);
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(png, png.length / 2)))
                .isInstanceOf(FaceException.UndecodableImage.class);
        byte[] webp = TestFaces.read("edge/deepface_img47.jpg");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(webp, webp.length - 1000)))
                .isInstanceOf(FaceException.UndecodableImage.class);
    }

    @Test
    void corruptJpegBodyIsUndecodable() {
        byte[] jpeg = encode(".jpg", CV_8UC3);
        byte[] broken = Arrays.copyOf(jpeg, jpeg.length);
        // keep SOI and the first segment header, then destroy the marker structure
        Arrays.fill(broken, 4, broken.length - 2, (byte) 0x00);
        assertThatThrownBy(() -> decoder.decode(broken)).isInstanceOf(FaceException.UndecodableImage.class);
    }

    @Test
    void greyAndSixteenBitImagesBecomeEightBitBgr() {
        for (int type : new int[] {CV_8UC1, CV_16UC1, CV_8UC4}) {
            try (Mat m = decoder.decode(encode(".png", type))) {
                assertThat(m.type()).as("type %d", type).isEqualTo(CV_8UC3);
                assertThat(m.cols()).isEqualTo(40);
                assertThat(m.rows()).isEqualTo(20);
            }
        }
    }

    @Test
    void exifOrientationIsApplied() {
        byte[] jpeg = encode(".jpg", CV_8UC3); // 40 wide, 20 high
        try (Mat m = decoder.decode(withOrientation(jpeg, 6))) { // 6: rotate 90 degrees clockwise
            assertThat(m.cols()).isEqualTo(20);
            assertThat(m.rows()).isEqualTo(40);
        }
    }

    @Test
    void byteLimitIsCheckedBeforeDecoding() {
        ImageDecoder small = new ImageDecoder(1000, ImageDecoder.DEFAULT_MAX_PIXELS);
        byte[] big = TestFaces.read("edge/facerec_32bit.png");
        assertThatThrownBy(() -> small.decode(big))
                .isInstanceOf(FaceException.ImageTooLarge.class)
                .satisfies(e -> assertThat(((FaceException.ImageTooLarge) e).limitBytes()).isEqualTo(1000));
    }

    @Test
    void pixelLimitIsCheckedFromTheHeader() {
        ImageDecoder small = new ImageDecoder(ImageDecoder.DEFAULT_MAX_BYTES, 626L * 1200 - 1);
        assertThatThrownBy(() -> small.decode(TestFaces.read("edge/facerec_32bit.png")))
                .isInstanceOf(FaceException.ImageTooLarge.class);
        ImageDecoder webpLimit = new ImageDecoder(ImageDecoder.DEFAULT_MAX_BYTES, 1000);
        assertThatThrownBy(() -> webpLimit.decode(TestFaces.read("edge/deepface_img47.jpg")))
                .isInstanceOf(FaceException.ImageTooLarge.class);
    }

    @Test
    void hugeDeclaredSizeIsRefusedWithoutAllocating() {
        // A valid-looking PNG header declaring 100000 x 100000 pixels, then IEND.
        byte[] png = encode(".png", CV_8UC3);
        writeBe32(png, 16, 100_000);
        writeBe32(png, 20, 100_000);
        assertThatThrownBy(() -> decoder.decode(png)).isInstanceOf(FaceException.ImageTooLarge.class);
    }

    @Test
    void headerReadsSizesOfAllCommonFormats() {
        assertThat(ImageHeader.probe(TestFaces.read("edge/facerec_32bit.png")).header().orElseThrow())
                .isEqualTo(new ImageHeader(ImageHeader.Format.PNG, 626, 1200, true));
        ImageHeader jpeg = ImageHeader.probe(encode(".jpg", CV_8UC3)).header().orElseThrow();
        assertThat(jpeg).isEqualTo(new ImageHeader(ImageHeader.Format.JPEG, 40, 20, true));
        ImageHeader webp = ImageHeader.probe(TestFaces.read("edge/deepface_img47.jpg")).header().orElseThrow();
        assertThat(webp.format()).isEqualTo(ImageHeader.Format.WEBP);
        assertThat(webp.dimensionsKnown()).isTrue();
        assertThat(webp.complete()).isTrue();
    }

    @Test
    void tiffSizeIsReadFromItsFirstDirectory() {
        assertThat(ImageHeader.probe(encode(".tiff", CV_8UC3)).header().orElseThrow())
                .isEqualTo(new ImageHeader(ImageHeader.Format.TIFF, 40, 20, true));
        assertThat(ImageHeader.probe(tiff(true, 100_000, 70_000)).header().orElseThrow())
                .isEqualTo(new ImageHeader(ImageHeader.Format.TIFF, 100_000, 70_000, true));
        assertThat(ImageHeader.probe(tiff(false, 3_000, 2_000)).header().orElseThrow())
                .isEqualTo(new ImageHeader(ImageHeader.Format.TIFF, 3_000, 2_000, true));
    }

    @Test
    void hugeTiffIsRefusedFromItsHeader() {
        assertThatThrownBy(() -> decoder.decode(tiff(true, 100_000, 100_000)))
                .isInstanceOfSatisfying(FaceException.ImageTooLarge.class, e -> {
                    assertThat(e.overPixelLimit()).isTrue();
                    assertThat(e.limitPixels()).isEqualTo(ImageDecoder.DEFAULT_MAX_PIXELS);
                    assertThat(e.limitBytes()).isZero();
                });
    }

    @Test
    void tiffWhoseDirectoryLiesOutsideTheFileIsBroken() {
        byte[] tiff = tiff(true, 64, 64);
        tiff[4] = (byte) 0xF0; // the directory offset now points past the end
        assertThat(ImageHeader.probe(tiff).header()).isEmpty();
        assertThatThrownBy(() -> decoder.decode(tiff))
                .isInstanceOf(FaceException.UndecodableImage.class)
                .hasMessageContaining("corrupt TIFF");
    }

    @Test
    void tiffWithoutReadableSizesIsBroken() {
        byte[] tiff = tiff(true, 64, 64);
        tiff[10 + 12 + 2] = 16; // ImageLength becomes a LONG8, which classic TIFF has no business holding
        assertThatThrownBy(() -> decoder.decode(tiff))
                .isInstanceOf(FaceException.UndecodableImage.class)
                .hasMessageContaining("no ImageWidth and ImageLength");
    }

    @Test
    void aDecoderFailureIsReportedWithoutOpenCvsOwnText() {
        // A TIFF that declares a small image but holds no pixel data at all.
        assertThatThrownBy(() -> decoder.decode(tiff(true, 64, 64)))
                .isInstanceOf(FaceException.UndecodableImage.class)
                .hasMessageStartingWith("not a supported image format or corrupt")
                .hasMessageNotContaining("OpenCV")
                .hasMessageNotContaining(".cpp")
                .hasMessageNotContaining("/");
    }

    @Test
    void formatsNoVendorTakesAreRefusedBeforeOpenCvSeesThem() {
        // OpenCV would decode these (a PPM of 20000 x 20000 would be 1.2 GB of pixels) or, for
        // Radiance HDR, write the bytes to a temporary file first.
        for (String header : List.of("P6\n20000 20000\n255\n", "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 9 +X 9\n")) {
            byte[] bytes = header.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(ImageHeader.probe(bytes).header().orElseThrow().format()).isEqualTo(ImageHeader.Format.OTHER);
            assertThatThrownBy(() -> decoder.decode(bytes))
                    .isInstanceOf(FaceException.UndecodableImage.class)
                    .hasMessage("not a JPEG, PNG, WebP, GIF, BMP or TIFF file");
        }
    }

    /** A TIFF of one directory with only ImageWidth and ImageLength, both LONG. */
    private static byte[] tiff(boolean littleEndian, int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 2 + 2 * 12 + 4)
                .order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        b.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
        b.putShort((short) 42).putInt(8);
        b.putShort((short) 2);
        b.putShort((short) 256).putShort((short) 4).putInt(1).putInt(width);
        b.putShort((short) 257).putShort((short) 4).putInt(1).putInt(height);
        b.putInt(0);
        return b.array();
    }

    private static byte[] encode(String extension, int type) {
        try (Mat image = new Mat(20, 40, type, new Scalar(100, 150, 200, 255));
                BytePointer out = new BytePointer()) {
            if (!imencode(extension, image, out)) {
                throw new IllegalStateException("imencode " + extension + " failed");
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }

    /** Inserts a minimal big-endian Exif APP1 segment with one Orientation tag after SOI. */
    private static byte[] withOrientation(byte[] jpeg, int orientation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        int[] app1 = {
            0xFF, 0xE1, 0x00, 34, 'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0x00, 0x2A, 0, 0, 0, 8, // TIFF header, IFD at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, // Orientation, SHORT, 1 value
            0, 0, 0, 0 // no next IFD
        };
        for (int b : app1) {
            out.write(b);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void writeBe32(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }
}
