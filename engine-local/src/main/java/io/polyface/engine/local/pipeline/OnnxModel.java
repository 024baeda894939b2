package io.polyface.engine.local.pipeline;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * One ONNX Runtime session whose input and output shapes were checked against what the code
 * expects when it was opened, so a different model file fails at start-up, not with garbage
 * results. {@link OrtSession#run} is thread-safe, so one instance serves all threads.
 */
final class OnnxModel implements AutoCloseable {

    private final Path file;
    private final OrtSession session;
    private final String inputName;

    private OnnxModel(Path file, OrtSession session, String inputName) {
        this.file = file;
        this.session = session;
        this.inputName = inputName;
    }

    /**
     * Opens the model and checks its single input's shape and the named outputs' shapes; -1 in an
     * expected shape matches any (dynamic) dimension.
     */
    static OnnxModel open(OrtEnvironment env, Path file, OrtSession.SessionOptions options, long[] inputShape,
            Map<String, long[]> outputShapes) throws OrtException {
        requireNonNull(file, "file is null");
        OrtSession session = env.createSession(file.toString(), options);
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new IllegalStateException(file + ": expected one input, found " + inputs.keySet());
            }
            NodeInfo input = inputs.values().iterator().next();
            checkShape(file, input, inputShape);
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            for (Map.Entry<String, long[]> expected : outputShapes.entrySet()) {
                NodeInfo output = outputs.get(expected.getKey());
                if (output == null) {
                    throw new IllegalStateException(file + ": no output " + expected.getKey() + ", found " + outputs.keySet());
                }
                checkShape(file, output, expected.getValue());
            }
            return new OnnxModel(file, session, input.getName());
        } catch (RuntimeException | OrtException e) {
            session.close();
            throw e;
        }
    }

    private static void checkShape(Path file, NodeInfo node, long[] expected) {
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new IllegalStateException(file + ": " + node.getName() + " is not a tensor");
        }
        long[] actual = tensor.getShape();
        boolean matches = actual.length == expected.length;
        for (int i = 0; matches && i < actual.length; i++) {
            matches = expected[i] < 0 || actual[i] < 0 || actual[i] == expected[i];
        }
        if (!matches) {
            throw new IllegalStateException(file + ": " + node.getName() + " has shape " + Arrays.toString(actual)
                    + ", expected " + Arrays.toString(expected));
        }
    }

    OrtSession.Result run(OnnxTensor input) throws OrtException {
        return session.run(Map.of(inputName, input));
    }

    /** The named output of a run of this model, checked to hold the expected number of values. */
    float[] floats(OrtSession.Result result, String name, int expected) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) result.get(name)
                .orElseThrow(() -> new OrtException(file + ": output " + name + " missing"));
        FloatBuffer buffer = tensor.getFloatBuffer();
        if (buffer.remaining() != expected) {
            throw new OrtException(file + ": output " + name + " has " + buffer.remaining() + " values, expected " + expected);
        }
        float[] values = new float[expected];
        buffer.get(values);
        return values;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing " + file + " failed", e);
        }
    }
}
