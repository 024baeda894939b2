package io.polyface.engine.local.calibration;

import io.polyface.engine.local.pipeline.FaceAnalyzer;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FeatureVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * A small labelled face set written to a directory, and an analyzer that reads its text "photos",
 * so the calibration's bookkeeping is tested without models. A photo {@code face:ann:2} is ann's
 * face (her direction in 8 dimensions plus a little noise of its own); {@code group:ann,bob,cat}
 * holds those faces at 100 px and one more of 20 px; {@code broken} does not decode.
 */
final class SyntheticFaces {
    static final String VERSION = "synthetic-v1";

    private SyntheticFaces() {
    }

    /**
     * ann (3 photos) and bob (2) of source s1; cat (2) and deepface_id01 (2) of s2; compreface_B (1) of
     * s3; a group photo; a photo that does not decode; a nonface entry.
     */
    static LabelledFaces write(Path dir) {
        StringBuilder manifest = new StringBuilder("[");
        photo(dir, manifest, "ann/s1_a1.jpg", "ann", "org/s1", "face:ann:1");
        photo(dir, manifest, "ann/s1_a2.jpg", "ann", "org/s1", "face:ann:2");
        photo(dir, manifest, "ann/s1_a3.jpg", "ann", "org/s1", "face:ann:3");
        photo(dir, manifest, "bob/s1_b1.jpg", "bob", "org/s1", "face:bob:1");
        photo(dir, manifest, "bob/s1_b2.jpg", "bob", "org/s1", "face:bob:2");
        photo(dir, manifest, "cat/s2_c1.jpg", "cat", "org/s2", "face:cat:1");
        photo(dir, manifest, "cat/s2_c2.jpg", "cat", "org/s2", "broken");
        photo(dir, manifest, "deepface_id01/s2_d1.jpg", "deepface_id01", "org/s2", "face:dee:1");
        photo(dir, manifest, "deepface_id01/s2_d2.jpg", "deepface_id01", "org/s2", "face:dee:2");
        photo(dir, manifest, "compreface_B/s3_e1.jpg", "compreface_B", "org/s3", "face:eve:1");
        entry(dir, manifest, "multi/s1_group.jpg", null, "org/s1", "multi", "group:ann,bob,cat");
        entry(dir, manifest, "nonface/s1_wall.jpg", null, "org/s1", "nonface", "noface");
        manifest.setLength(manifest.length() - 1);
        write(dir.resolve("manifest.json"), manifest.append("]").toString());
        return LabelledFaces.load(dir);
    }

    private static void photo(Path dir, StringBuilder manifest, String file, String identity, String source, String content) {
        entry(dir, manifest, file, identity, source, "identity", content);
    }

    private static void entry(Path dir, StringBuilder manifest, String file, String identity, String source, String kind,
            String content) {
        write(dir.resolve(file), content);
        manifest.append("{\"file\":\"").append(file).append("\",\"identity\":")
                .append(identity == null ? "null" : "\"" + identity + "\"").append(",\"source\":\"").append(source)
                .append(":path/x.jpg\",\"kind\":\"").append(kind).append("\"},");
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The analyzer of the text photos above. */
    static final class Analyzer implements FaceAnalyzer {
        @Override
        public String featureVersion() {
            return VERSION;
        }

        @Override
        public List<FeatureVersion> featureVersions() {
            return List.of(new FeatureVersion(VERSION, "text photos", OptionalInt.of(8)));
        }

        @Override
        public List<DetectedFace> analyze(byte[] image, String featureVersion) {
            String text = new String(image, StandardCharsets.UTF_8);
            if (text.startsWith("face:")) {
                String[] parts = text.split(":");
                return List.of(face(parts[1], parts[2], 120));
            }
            if (text.startsWith("group:")) {
                List<DetectedFace> faces = new ArrayList<>();
                for (String person : text.substring(6).split(",")) {
                    faces.add(face(person, "group", 100));
                }
                faces.add(face("tiny", "group", 20));
                return faces;
            }
            if (text.equals("noface")) {
                return List.of();
            }
            throw new FaceException.UndecodableImage("not a text photo");
        }

        @Override
        public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features, String featureVersion) {
            return analyze(image, featureVersion);
        }

        @Override
        public void close() {
        }

        private static DetectedFace face(String person, String shot, double size) {
            Random personal = new Random(person.hashCode());
            Random own = new Random((person + shot).hashCode());
            float[] v = new float[8];
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (personal.nextGaussian() + 0.3 * own.nextGaussian());
                norm += v[i] * v[i];
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
            return new DetectedFace(new BoundingBox(0, 0, size, size), 0.99, List.of(), new Embedding(v, VERSION));
        }
    }
}
