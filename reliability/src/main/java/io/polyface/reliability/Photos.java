package io.polyface.reliability;

import io.polyface.conformance.Faces;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The photos the suite sends: labelled faces of the shared set (or the copies the conformance kit
 * ships), one photo without a face, and broken images made from them. Thread-safe.
 */
public final class Photos {
    /**
     * Photos the kit ships too, so the suite runs without the shared set; each passes every
     * dialect's quality gate (FacePass's is the strictest), so a write of one fails only for
     * what the suite does to the gateway.
     */
    private static final List<String> FACES = List.of("angelina/deepface_img5.jpg", "scarlett/deepface_img50.jpg",
            "jennifer/deepface_img12.jpg", "angelina/deepface_img11.jpg", "jennifer/deepface_img56.jpg");
    private static final String NO_FACE = "nonface/mtcnn_no-faces.jpg";

    private final List<byte[]> faces;
    private final byte[] noFace;

    private Photos(List<byte[]> faces, byte[] noFace) {
        this.faces = faces;
        this.noFace = noFace;
    }

    /** From {@code polyface.faces}, else the conformance kit's copies. */
    public static Photos load() {
        Faces source = Faces.fromSystemProperty();
        return new Photos(FACES.stream().map(source::bytes).toList(), source.bytes(NO_FACE));
    }

    /** A photo of one face. */
    public byte[] face(Random random) {
        return faces.get(random.nextInt(faces.size()));
    }

    public byte[] face(int index) {
        return faces.get(Math.floorMod(index, faces.size()));
    }

    public int faceCount() {
        return faces.size();
    }

    public byte[] noFace() {
        return noFace;
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A {@code data:} URI, as Qiniu's document writes one. */
    public static String dataUri(byte[] bytes) {
        return "data:application/octet-stream;base64," + base64(bytes);
    }

    /** A random feature of the given dimension, as Qiniu's raw-feature API takes it (see {@link #feature(float[])}). */
    public static String feature(int dimension, Random random) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian() / (float) Math.sqrt(dimension);
        }
        return feature(vector);
    }

    /** A feature as the raw-feature APIs take it: base64 of little-endian float32s. */
    public static String feature(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return base64(buffer.array());
    }

    /**
     * An image that is not one: cut short, only a header claiming a huge size, bytes of another
     * kind, nothing at all, or a JPEG with its middle overwritten.
     */
    public byte[] broken(Random random) {
        byte[] photo = face(random);
        return switch (random.nextInt(6)) {
            case 0 -> Arrays.copyOf(photo, 1 + random.nextInt(Math.max(1, photo.length / 2)));
            case 1 -> hugePngHeader();
            case 2 -> "GIF89a this is not an image at all".getBytes(StandardCharsets.US_ASCII);
            case 3 -> new byte[0];
            case 4 -> {
                byte[] damaged = photo.clone();
                for (int i = damaged.length / 3; i < damaged.length * 2 / 3; i++) {
                    damaged[i] = (byte) random.nextInt(256);
                }
                yield damaged;
            }
            default -> {
                byte[] noise = new byte[1 + random.nextInt(4096)];
                random.nextBytes(noise);
                noise[0] = (byte) 0xFF;
                if (noise.length > 1) {
                    noise[1] = (byte) 0xD8;
                }
                yield noise;
            }
        };
    }

    /** A PNG signature and IHDR claiming 100,000 x 100,000 pixels, and nothing after. */
    public static byte[] hugePngHeader() {
        ByteBuffer png = ByteBuffer.allocate(33);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).putInt(100_000);
        png.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        png.putInt(0);
        return png.array();
    }
}
