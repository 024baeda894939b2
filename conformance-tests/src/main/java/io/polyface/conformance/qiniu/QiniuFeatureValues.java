package io.polyface.conformance.qiniu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** A feature's {@code value} as Qiniu's feature API writes it: base64 of little-endian 32-bit floats. */
final class QiniuFeatureValues {
    private QiniuFeatureValues() {
    }

    static String base64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    static float[] floats(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(vector);
        return vector;
    }
}
