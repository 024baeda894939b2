package io.polyface.plugin.qiniu;

import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.ScoreCalibration;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A global image descriptor in plain Java (javax.imageio and arithmetic; no model), for finding
 * copies of an image: the same file, and resized, re-encoded, lightly cropped or recoloured copies.
 * It does not find other photos of the same scene or subject: that needs a learned embedding.
 *
 * <p>Each image is described in {@value #VIEWS} views: the whole image, its central 80% and 60%,
 * and its four 80% corners. Each view is three parts, each L2-normalised:
 * <ul>
 *   <li>a perceptual hash kept as real numbers: the 63 lowest-frequency DCT coefficients (DC left
 *       out) of the 32x32 grey view, with the mean removed; compared by cosine (structure);
 *   <li>a colour histogram: 8 hues x 3 saturations x 3 values in HSV of a 64x64 view, square-rooted,
 *       so that the dot product is the Bhattacharyya coefficient (colour distribution);
 *   <li>a gradient-orientation histogram: 4x4 cells x 8 directions of Sobel gradients on the 64x64
 *       grey view, magnitude-weighted and square-rooted (edges and layout).
 * </ul>
 * Two views compare as {@code 0.5 dct + 0.2 colour + 0.3 gradient}; two images as the best of the
 * whole of one against every view of the other, both ways, so a crop of either is found. That raw
 * value goes through a calibration measured on the labelled photos (README, "Search by image"): 99% of
 * pairs of different photos stay under Qiniu's recommended 0.3; re-encoded, resized and 80% cropped
 * copies score above 0.8, brightened ones above 0.65, off-centre 70% crops around 0.7. Thread-safe.
 */
final class PerceptualImageDescriptor implements ImageDescriptor {
    static final int VIEWS = 7;
    private static final int DCT_SIZE = 32;
    private static final int DCT_KEEP = 8;
    private static final int DCT_LEN = DCT_KEEP * DCT_KEEP - 1;
    private static final int SMALL = 64;
    private static final int COLOUR_LEN = 8 * 3 * 3;
    private static final int GRAD_CELLS = 4;
    private static final int GRAD_BINS = 8;
    private static final int GRAD_LEN = GRAD_CELLS * GRAD_CELLS * GRAD_BINS;
    static final int VIEW_LEN = DCT_LEN + COLOUR_LEN + GRAD_LEN;
    /** Images are decoded subsampled to about this many pixels on the longer side. */
    private static final int DECODE_SIDE = 512;
    private static final double[][] DCT = dctMatrix();

    private final long maxPixels;
    private final ScoreCalibration calibration;

    /**
     * @param maxPixels the most pixels an image may have
     * @param calibration from the raw view similarity (-0.5..1) onto 0..1
     */
    PerceptualImageDescriptor(long maxPixels, ScoreCalibration calibration) {
        this.maxPixels = maxPixels;
        this.calibration = calibration;
    }

    /** Anchors measured on the labelled photos (README, "Search by image"). */
    static final ScoreCalibration DEFAULT_CALIBRATION = ScoreCalibration.piecewiseLinear(-1, 0, 0.5, 0.1, 0.8, 0.3, 0.9, 0.6, 1, 1);

    static PerceptualImageDescriptor withDefaults() {
        return new PerceptualImageDescriptor(40_000_000L, DEFAULT_CALIBRATION);
    }

    @Override
    public String version() {
        return "perceptual-v1";
    }

    @Override
    public float[] describe(byte[] image) {
        BufferedImage rgb = decode(image);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        float[] out = new float[VIEWS * VIEW_LEN];
        int[][] views = {
            {0, 0, w, h},
            crop(w, h, 0.8, 0.5, 0.5),
            crop(w, h, 0.6, 0.5, 0.5),
            crop(w, h, 0.8, 0, 0),
            crop(w, h, 0.8, 1, 0),
            crop(w, h, 0.8, 0, 1),
            crop(w, h, 0.8, 1, 1),
        };
        for (int v = 0; v < VIEWS; v++) {
            int[] r = views[v];
            describeView(rgb.getSubimage(r[0], r[1], r[2], r[3]), out, v * VIEW_LEN);
        }
        return out;
    }

    @Override
    public double similarity(float[] first, float[] second) {
        double raw = rawSimilarity(first, second);
        // float rounding leaves the same image a hair under 1; it is 1 in Qiniu's terms.
        return calibration.toScore(raw >= 1 - 1e-6 ? 1 : raw);
    }

    /** The best whole-vs-view similarity of two images, both ways, before calibration (-0.5..1). */
    double rawSimilarity(float[] first, float[] second) {
        if (first.length != VIEWS * VIEW_LEN || second.length != VIEWS * VIEW_LEN) {
            throw new IllegalArgumentException("not a " + version() + " descriptor");
        }
        double best = viewSimilarity(first, 0, second, 0);
        for (int v = 1; v < VIEWS; v++) {
            best = Math.max(best, viewSimilarity(first, 0, second, v * VIEW_LEN));
            best = Math.max(best, viewSimilarity(first, v * VIEW_LEN, second, 0));
        }
        return best;
    }

    private static double viewSimilarity(float[] a, int ao, float[] b, int bo) {
        double dct = dot(a, ao, b, bo, DCT_LEN);
        double colour = dot(a, ao + DCT_LEN, b, bo + DCT_LEN, COLOUR_LEN);
        double grad = dot(a, ao + DCT_LEN + COLOUR_LEN, b, bo + DCT_LEN + COLOUR_LEN, GRAD_LEN);
        return 0.5 * dct + 0.2 * colour + 0.3 * grad;
    }

    private static double dot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
            aa += a[ao + i] * a[ao + i];
            bb += b[bo + i] * b[bo + i];
        }
        // Two flat views (one colour, no edges) are alike in this part; a flat and a textured one are not.
        return aa == 0 && bb == 0 ? 1 : s;
    }

    private static int[] crop(int w, int h, double fraction, double fx, double fy) {
        int cw = Math.max(1, (int) Math.round(w * fraction));
        int ch = Math.max(1, (int) Math.round(h * fraction));
        int x = (int) Math.round((w - cw) * fx);
        int y = (int) Math.round((h - ch) * fy);
        return new int[] {x, y, cw, ch};
    }

    private BufferedImage decode(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new FaceException.UndecodableImage("not an image this service reads (JPEG, PNG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new FaceException.UndecodableImage("the image has no pixels");
                }
                if (w * h > maxPixels) {
                    throw new FaceException.UndecodableImage("the image has " + w * h + " pixels, more than " + maxPixels);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.max(1, Math.max(w, h) / DECODE_SIDE);
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
                Graphics2D g = rgb.createGraphics();
                g.drawImage(decoded, 0, 0, null);
                g.dispose();
                return rgb;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof FaceException fe) {
                throw fe;
            }
            throw new FaceException.UndecodableImage("the image cannot be decoded: it is broken or truncated");
        }
    }

    private static BufferedImage resize(BufferedImage src, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        // Averaging in two steps approximates an area filter, so that resized copies describe alike.
        BufferedImage current = src;
        while (current.getWidth() > side * 2 || current.getHeight() > side * 2) {
            int nw = Math.max(side, current.getWidth() / 2);
            int nh = Math.max(side, current.getHeight() / 2);
            BufferedImage half = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = half.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(current, 0, 0, nw, nh, null);
            g.dispose();
            current = half;
        }
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(current, 0, 0, side, side, null);
        g.dispose();
        return out;
    }

    private static void describeView(BufferedImage view, float[] out, int offset) {
        BufferedImage small = resize(view, SMALL);
        double[][] grey = grey(resize(small, DCT_SIZE), DCT_SIZE);
        dctPart(grey, out, offset);
        colourPart(small, out, offset + DCT_LEN);
        gradientPart(grey(small, SMALL), out, offset + DCT_LEN + COLOUR_LEN);
    }

    private static double[][] grey(BufferedImage img, int side) {
        double[][] g = new double[side][side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int p = img.getRGB(x, y);
                g[y][x] = 0.299 * (p >> 16 & 0xff) + 0.587 * (p >> 8 & 0xff) + 0.114 * (p & 0xff);
            }
        }
        return g;
    }

    private static void dctPart(double[][] g, float[] out, int offset) {
        double[][] rows = new double[DCT_KEEP][DCT_SIZE];
        for (int u = 0; u < DCT_KEEP; u++) {
            for (int x = 0; x < DCT_SIZE; x++) {
                double s = 0;
                for (int y = 0; y < DCT_SIZE; y++) {
                    s += DCT[u][y] * g[y][x];
                }
                rows[u][x] = s;
            }
        }
        double[] c = new double[DCT_LEN];
        int i = 0;
        for (int u = 0; u < DCT_KEEP; u++) {
            for (int v = 0; v < DCT_KEEP; v++) {
                if (u == 0 && v == 0) {
                    continue;
                }
                double s = 0;
                for (int x = 0; x < DCT_SIZE; x++) {
                    s += DCT[v][x] * rows[u][x];
                }
                c[i++] = s;
            }
        }
        double mean = 0;
        for (double v : c) {
            mean += v;
        }
        mean /= c.length;
        for (int k = 0; k < c.length; k++) {
            c[k] -= mean;
        }
        normalise(c, out, offset);
    }

    private static void colourPart(BufferedImage img, float[] out, int offset) {
        double[] hist = new double[COLOUR_LEN];
        float[] hsv = new float[3];
        for (int y = 0; y < SMALL; y++) {
            for (int x = 0; x < SMALL; x++) {
                int p = img.getRGB(x, y);
                java.awt.Color.RGBtoHSB(p >> 16 & 0xff, p >> 8 & 0xff, p & 0xff, hsv);
                int h = Math.min(7, (int) (hsv[0] * 8));
                int s = Math.min(2, (int) (hsv[1] * 3));
                int v = Math.min(2, (int) (hsv[2] * 3));
                hist[(h * 3 + s) * 3 + v]++;
            }
        }
        for (int k = 0; k < hist.length; k++) {
            hist[k] = Math.sqrt(hist[k]);
        }
        normalise(hist, out, offset);
    }

    private static void gradientPart(double[][] g, float[] out, int offset) {
        double[] hist = new double[GRAD_LEN];
        int cell = SMALL / GRAD_CELLS;
        for (int y = 1; y < SMALL - 1; y++) {
            for (int x = 1; x < SMALL - 1; x++) {
                double gx = (g[y - 1][x + 1] + 2 * g[y][x + 1] + g[y + 1][x + 1]) - (g[y - 1][x - 1] + 2 * g[y][x - 1] + g[y + 1][x - 1]);
                double gy = (g[y + 1][x - 1] + 2 * g[y + 1][x] + g[y + 1][x + 1]) - (g[y - 1][x - 1] + 2 * g[y - 1][x] + g[y - 1][x + 1]);
                double magnitude = Math.hypot(gx, gy);
                double angle = Math.atan2(gy, gx) + Math.PI;
                int bin = Math.min(GRAD_BINS - 1, (int) (angle / (2 * Math.PI) * GRAD_BINS));
                int c = (y / cell) * GRAD_CELLS + x / cell;
                hist[c * GRAD_BINS + bin] += magnitude;
            }
        }
        for (int k = 0; k < hist.length; k++) {
            hist[k] = Math.sqrt(hist[k]);
        }
        normalise(hist, out, offset);
    }

    private static void normalise(double[] v, float[] out, int offset) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            // A flat view (one colour) has no structure: all zeros (see dot).
            out[offset + i] = norm < 1e-9 ? 0f : (float) (v[i] / norm);
        }
    }

    private static double[][] dctMatrix() {
        double[][] m = new double[DCT_SIZE][DCT_SIZE];
        for (int u = 0; u < DCT_SIZE; u++) {
            double scale = u == 0 ? Math.sqrt(1.0 / DCT_SIZE) : Math.sqrt(2.0 / DCT_SIZE);
            for (int x = 0; x < DCT_SIZE; x++) {
                m[u][x] = scale * Math.cos((2 * x + 1) * u * Math.PI / (2 * DCT_SIZE));
            }
        }
        return m;
    }
}
