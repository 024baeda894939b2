package io.polyface.engine.local.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.split;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/**
 * A 1xCxHxW float tensor in native memory that OpenCV writes straight into: each channel plane
 * is a Mat over the tensor's memory, so converting and splitting an image fills the model input
 * without a Java loop or a copy. Not thread-safe; pooled per call.
 */
final class PlanarTensor implements AutoCloseable {

    private final int channels;
    private final int height;
    private final int width;
    private final FloatPointer memory;
    private final FloatBuffer buffer;
    private final Mat[] planes;
    private final MatVector bgrToRgb;
    private final MatVector bgrAsIs;
    private final Mat scratch;
    private final long[] shape;

    PlanarTensor(int channels, int height, int width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.memory = new FloatPointer((long) channels * height * width);
        this.buffer = memory.asBuffer();
        this.planes = new Mat[channels];
        long planeBytes = (long) height * width * Float.BYTES;
        for (int c = 0; c < channels; c++) {
            planes[c] = new Mat(height, width, CV_32F, memory.getPointer(c * (long) height * width));
            assert planes[c].data().address() == memory.address() + c * planeBytes;
        }
        // cv::split writes B, G, R in that order; the models want R, G, B planes.
        this.bgrToRgb = channels == 3 ? new MatVector(planes[2], planes[1], planes[0]) : null;
        this.bgrAsIs = channels == 3 ? new MatVector(planes[0], planes[1], planes[2]) : null;
        this.scratch = channels == 3 ? new Mat(height, width, CV_32FC3) : null;
        this.shape = new long[] {1, channels, height, width};
    }

    /** Fills the tensor from an 8-bit BGR image of exactly HxW as RGB planes, (x - 127) / 128. */
    void fillRgb(Mat bgr) {
        check(bgr, 3);
        bgr.convertTo(scratch, CV_32F, 1.0 / 128, -127.0 / 128);
        split(scratch, bgrToRgb);
    }

    /** The order of the colour planes a model wants. */
    enum ChannelOrder {
        RGB, BGR
    }

    /** Fills the tensor from an 8-bit BGR image of exactly HxW as colour planes, each value x * scale. */
    void fillScaled(Mat bgr, double scale, ChannelOrder order) {
        check(bgr, 3);
        bgr.convertTo(scratch, CV_32F, scale, 0);
        split(scratch, switch (order) {
            case RGB -> bgrToRgb;
            case BGR -> bgrAsIs;
        });
    }

    /**
     * Fills the tensor from an 8-bit BGR image of exactly HxW as colour planes normalised per plane,
     * (x / 255 - mean[c]) / std[c], c counting the planes in the tensor's order.
     */
    void fillNormalised(Mat bgr, double[] mean, double[] std, ChannelOrder order) {
        fillScaled(bgr, 1.0 / 255, order);
        for (int c = 0; c < 3; c++) {
            // planes[c] is plane c of the tensor; converting in place keeps its memory.
            planes[c].convertTo(planes[c], CV_32F, 1 / std[c], -mean[c] / std[c]);
        }
    }

    /** Fills the single plane from an 8-bit grey image of exactly HxW, scaled by the given factor. */
    void fillGrey(Mat grey, double scale) {
        check(grey, 1);
        grey.convertTo(planes[0], CV_32F, scale, 0);
    }

    /** An ORT tensor over this memory (no copy); close it after the run, before the next fill. */
    OnnxTensor tensor(OrtEnvironment env) throws OrtException {
        buffer.clear();
        return OnnxTensor.createTensor(env, buffer, shape);
    }

    private void check(Mat m, int expectedChannels) {
        if (channels != expectedChannels || m.rows() != height || m.cols() != width || m.channels() != expectedChannels) {
            throw new IllegalArgumentException("image " + m.cols() + "x" + m.rows() + "x" + m.channels()
                    + " does not fit tensor " + width + "x" + height + "x" + channels);
        }
    }

    @Override
    public void close() {
        if (scratch != null) {
            scratch.close();
        }
        if (bgrToRgb != null) {
            bgrToRgb.close();
            bgrAsIs.close();
        }
        for (Mat p : planes) {
            p.close();
        }
        memory.close();
    }
}
