package io.polyface.engine.local;

import io.polyface.engine.local.index.UnitVectors;
import io.polyface.engine.local.pipeline.FaceAnalyzer;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.Orientation;
import io.polyface.spi.engine.Point;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
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
 *   <li>{@code face:alice!blurry}: alice, whose measured quality (when asked for) is very blurred;
 *       other faces measure as a sharp, frontal, well-lit face of 200 px
 * </ul>
 *
 * <p>Two feature versions: {@value #FEATURE_VERSION}, and {@value #FEATURE_VERSION_2}, whose vector
 * of a face is the first version's with its halves swapped (so the two versions of one face are
 * far apart, and mixing them up shows in the scores).
 */
final class FakeFaceAnalyzer implements FaceAnalyzer {

    static final String FEATURE_VERSION = "fake-v1";
    static final String FEATURE_VERSION_2 = "fake-v2";
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
        return new Embedding(UnitVectors.normalised(vector), FEATURE_VERSION);
    }

    int calls() {
        return calls.get();
    }

    boolean closed() {
        return closed;
    }

    /** The embedding {@code face:<person>} yields in a version. */
    static Embedding embeddingOf(String person, String version) {
        Embedding v1 = embeddingOf(person);
        if (version.equals(FEATURE_VERSION)) {
            return v1;
        }
        float[] swapped = new float[DIMENSION];
        System.arraycopy(v1.vector(), DIMENSION / 2, swapped, 0, DIMENSION / 2);
        System.arraycopy(v1.vector(), 0, swapped, DIMENSION / 2, DIMENSION / 2);
        return new Embedding(swapped, FEATURE_VERSION_2);
    }

    @Override
    public String featureVersion() {
        return FEATURE_VERSION;
    }

    @Override
    public List<FeatureVersion> featureVersions() {
        return List.of(new FeatureVersion(FEATURE_VERSION, "the person's vector", java.util.OptionalInt.of(DIMENSION)),
                new FeatureVersion(FEATURE_VERSION_2, "the person's vector, halves swapped", java.util.OptionalInt.of(DIMENSION)));
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, String version) {
        return analyze(image, Set.of(), version);
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features, String version) {
        if (!supports(version)) {
            throw new IllegalArgumentException("unknown feature version " + version);
        }
        List<String> people = people(image);
        List<DetectedFace> found = new ArrayList<>();
        for (int rank = 0; rank < people.size(); rank++) {
            found.add(detected(people.get(rank), rank, features, version));
        }
        return found;
    }

    /** The people in a fake image, the main face first. */
    private List<String> people(byte[] image) {
        calls.incrementAndGet();
        String text = new String(image, StandardCharsets.UTF_8);
        if (text.equals("huge")) {
            throw new FaceException.ImageTooLarge(SIZE_LIMIT);
        }
        if (text.equals("noface")) {
            return List.of();
        }
        if (text.startsWith("face:")) {
            return List.of(text.substring(5));
        }
        if (text.startsWith("faces:")) {
            return List.of(text.substring(6).split(","));
        }
        throw new FaceException.UndecodableImage("not an image");
    }

    private static DetectedFace detected(String person, int rank, Set<FaceFeature> features, String version) {
        double size = 200.0 / (rank + 1);
        double x = 10 + 220 * rank;
        DetectedFace face = new DetectedFace(new BoundingBox(x, 20, size, size * 1.2), 0.99,
                List.of(new Point(x + 0.3 * size, 60), new Point(x + 0.7 * size, 60), new Point(x + 0.5 * size, 90),
                        new Point(x + 0.35 * size, 120), new Point(x + 0.65 * size, 120)),
                embeddingOf(person, version));
        if (!features.contains(FaceFeature.POSE) && !features.contains(FaceFeature.QUALITY)) {
            return face;
        }
        boolean blurry = person.endsWith("!blurry");
        FaceQuality quality = new FaceQuality(blurry ? 0.9 : 0.05, 128, 40, size, Orientation.UP);
        return face.withDetails(new FaceDetails(Optional.of(new FacePose(0, 0, 0)),
                features.contains(FaceFeature.QUALITY) ? Optional.of(quality) : Optional.empty(),
                Optional.empty(), OptionalDouble.empty(), Optional.empty()));
    }

    private static float[] gaussian(String seed) {
        Random random = new Random(seed.hashCode() * 31L + seed.length());
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    @Override
    public void close() {
        closed = true;
    }
}
