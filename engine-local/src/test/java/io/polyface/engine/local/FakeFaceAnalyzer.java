package io.polyface.engine.local;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.Point;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the ONNX pipeline that reads a tiny text "image" format, so engine tests need no
 * models and know every score in advance.
 *
 * <ul>
 *   <li>{@code face:alice}: one face whose embedding is derived from "alice" alone; the same
 *       person in another photo is {@code face:alice~2} (the person's vector plus a little noise)
 *   <li>{@code faces:alice,bob}: several faces, the first the main one (it has the largest box)
 *   <li>{@code noface}: a picture without a face
 *   <li>{@code huge}: over the size limit; anything else does not decode
 * </ul>
 */
final class FakeFaceAnalyzer implements FaceAnalyzer {

    static final String FEATURE_VERSION = "fake-v1";
    static final int DIMENSION = 512;
    static final long SIZE_LIMIT = 1_000_000;

    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean closed;

    static byte[] face(String person) {
        return ("face:" + person).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] faces(String... people) {
        return ("faces:" + String.join(",", people)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] noFace() {
        return "noface".getBytes(StandardCharsets.UTF_8);
    }

    static byte[] garbage() {
        return new byte[] {(byte) 0xff, 0x00, 0x13, 0x37};
    }

    static byte[] huge() {
        return "huge".getBytes(StandardCharsets.UTF_8);
    }

    /** The embedding {@code face:<person>} yields. */
    static Embedding embeddingOf(String person) {
        int tilde = person.indexOf('~');
        float[] vector = gaussian(tilde < 0 ? person : person.substring(0, tilde));
        if (tilde >= 0) {
            float[] noise = gaussian(person);
            for (int i = 0; i < vector.length; i++) {
                vector[i] += 0.35f * noise[i];
            }
        }
        return new Embedding(normalised(vector), FEATURE_VERSION);
    }

    int calls() {
        return calls.get();
    }

    boolean closed() {
        return closed;
    }

    @Override
    public String featureVersion() {
        return FEATURE_VERSION;
    }

    @Override
    public List<DetectedFace> analyze(byte[] image) {
        calls.incrementAndGet();
        String text = new String(image, StandardCharsets.UTF_8);
        if (text.equals("huge")) {
            throw new FaceException.ImageTooLarge(SIZE_LIMIT);
        }
        if (text.equals("noface")) {
            return List.of();
        }
        if (text.startsWith("face:")) {
            return List.of(detected(text.substring(5), 0));
        }
        if (text.startsWith("faces:")) {
            List<DetectedFace> found = new ArrayList<>();
            String[] people = text.substring(6).split(",");
            for (int i = 0; i < people.length; i++) {
                found.add(detected(people[i], i));
            }
            return found;
        }
        throw new FaceException.UndecodableImage("not an image");
    }

    /** The same faces as {@link #analyze(byte[])}: the fake has no details to compute. */
    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        return analyze(image);
    }

    private static DetectedFace detected(String person, int rank) {
        double size = 200.0 / (rank + 1);
        double x = 10 + 220 * rank;
        return new DetectedFace(new BoundingBox(x, 20, size, size * 1.2), 0.99,
                List.of(new Point(x + 0.3 * size, 60), new Point(x + 0.7 * size, 60), new Point(x + 0.5 * size, 90),
                        new Point(x + 0.35 * size, 120), new Point(x + 0.65 * size, 120)),
                embeddingOf(person));
    }

    private static float[] gaussian(String seed) {
        Random random = new Random(seed.hashCode() * 31L + seed.length());
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    private static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    @Override
    public void close() {
        closed = true;
    }
}
