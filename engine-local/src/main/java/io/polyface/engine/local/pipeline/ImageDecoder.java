package io.polyface.engine.local.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.polyface.spi.FaceException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encoded bytes to an 8-bit, 3-channel BGR {@link Mat}, EXIF orientation applied.
 *
 * <p>The format is found from the content, never from a file name, so WebP data named .jpg
 * decodes; only JPEG, PNG, WebP, GIF, BMP and TIFF are taken. Grey, 16-bit and alpha images come
 * out as 8-bit BGR (alpha is dropped). Size limits are checked on the encoded length and on the
 * pixel count from the header, before the pixels are decoded; broken or truncated files give
 * {@link FaceException.UndecodableImage}.
 *
 * <p>Thread-safe and stateless apart from its limits.
 */
final class ImageDecoder {

    private static final System.Logger LOG = System.getLogger(ImageDecoder.class.getName());

    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    private final long maxBytes;
    private final long maxPixels;

    public ImageDecoder() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
    }

    public ImageDecoder(long maxBytes, long maxPixels) {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxBytes + " bytes, " + maxPixels + " pixels");
        }
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Decodes the image. The caller owns the returned Mat and must close it.
     *
     * @throws FaceException.ImageTooLarge over the byte or pixel limit
     * @throws FaceException.UndecodableImage empty, not an image, corrupt or truncated
     */
    public Mat decode(byte[] encoded) {
        if (encoded == null || encoded.length == 0) {
            throw new FaceException.UndecodableImage("empty image");
        }
        if (encoded.length > maxBytes) {
            throw new FaceException.ImageTooLarge(maxBytes);
        }
        ImageHeader.Result probe = ImageHeader.probe(encoded);
        ImageHeader header = probe.header()
                .orElseThrow(() -> new FaceException.UndecodableImage(probe.problem()));
        if (header.format() == ImageHeader.Format.OTHER) {
            // OpenCV knows more formats (PNM, Sun raster, Radiance HDR, JPEG 2000...), but no vendor
            // accepts them, their sizes are not checked here before decoding, and some of its
            // decoders go through temporary files.
            throw new FaceException.UndecodableImage("not a JPEG, PNG, WebP, GIF, BMP or TIFF file");
        }
        if (header.dimensionsKnown() && header.pixels() > maxPixels) {
            throw tooLarge();
        }
        if (!header.complete()) {
            throw new FaceException.UndecodableImage(
                    "truncated " + header.format().name() + " (" + encoded.length + " bytes)");
        }
        Mat image = decodeNative(encoded, header.format());
        try {
            if (image.empty() || image.cols() <= 0 || image.rows() <= 0) {
                throw new FaceException.UndecodableImage("not a supported image format or corrupt ("
                        + encoded.length + " bytes, looks like " + header.format().name() + ")");
            }
            if ((long) image.cols() * image.rows() > maxPixels) {
                throw tooLarge();
            }
            if (image.type() != CV_8UC3 || image.depth() != CV_8U) {
                // IMREAD_COLOR promises 8-bit BGR; this guards decoders that do not keep the promise.
                throw new FaceException.UndecodableImage("decoder returned pixel type " + image.type());
            }
            Mat result = image;
            image = null;
            return result;
        } finally {
            if (image != null) {
                image.close();
            }
        }
    }

    private static Mat decodeNative(byte[] encoded, ImageHeader.Format format) {
        try (BytePointer data = new BytePointer(encoded);
                Mat buffer = new Mat(1, encoded.length, CV_8U, data)) {
            return imdecode(buffer, IMREAD_COLOR);
        } catch (RuntimeException e) {
            // A cv::Exception from a decoder, surfaced by JavaCPP as a RuntimeException. Its text
            // names OpenCV's source files and build paths, so it goes to the log, not to the client.
            LOG.log(System.Logger.Level.DEBUG, "OpenCV refused a " + format.name() + " image: " + firstLine(e.getMessage()));
            throw new FaceException.UndecodableImage("the " + format.name()
                    + " decoder refused it (" + encoded.length + " bytes)");
        }
    }

    private FaceException.ImageTooLarge tooLarge() {
        return FaceException.ImageTooLarge.pixels(maxPixels);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "decoder error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
