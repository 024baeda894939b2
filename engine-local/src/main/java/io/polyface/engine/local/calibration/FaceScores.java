package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.calibration.LabelledFaces.Photo;
import io.polyface.engine.local.pipeline.FaceAnalyzer;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every comparison the labelled faces allow, scored by one feature version: each pair of photos of
 * one person (genuine), each pair of photos of two labels (impostor), and each pair of faces in
 * one group photo (impostor: people side by side are different people). Raw cosine of the main
 * face of each photo, as the engine enrols and searches it.
 *
 * @param featureVersion the feature version of every score
 * @param mainFaces the main face of each labelled photo that has one, by file
 * @param comparisons every comparison made
 * @param faceless labelled photos in which no face was found
 */
public record FaceScores(String featureVersion, Map<String, Embedding> mainFaces, List<Comparison> comparisons,
        List<String> faceless) {

    /**
     * Faces in group photos smaller than this (pixels, either side) are left out: tiny crowd faces
     * give blurred features that resemble one another and say nothing about a gallery of photos.
     * It is the smallest face Qiniu's face groups enrol.
     */
    static final double MIN_GROUP_FACE = 50;

    public FaceScores {
        requireNonNull(featureVersion, "featureVersion is null");
        mainFaces = Map.copyOf(requireNonNull(mainFaces, "mainFaces is null"));
        comparisons = List.copyOf(requireNonNull(comparisons, "comparisons is null"));
        faceless = List.copyOf(requireNonNull(faceless, "faceless is null"));
    }

    /** What a comparison is. */
    public enum Kind {
        /** Two photos of one labelled person. */
        GENUINE,
        /** Two people known to be different (the set's rule). */
        KNOWN_DIFFERENT,
        /** An unnamed label against another source's person. */
        ACROSS_SOURCES,
        /** Two faces in one group photo. */
        SAME_GROUP_PHOTO;

        boolean impostor() {
            return this != GENUINE;
        }
    }

    /** One comparison: two photos (a group photo's faces as {@code file#n}) and their raw cosine. */
    public record Comparison(String first, String second, double score, Kind kind) {
        public Comparison {
            requireNonNull(first, "first is null");
            requireNonNull(second, "second is null");
            requireNonNull(kind, "kind is null");
        }
    }

    /** Analyses every photo once with {@code analyzer} and scores every comparison. */
    public static FaceScores measure(LabelledFaces faces, FaceAnalyzer analyzer, String featureVersion) {
        requireNonNull(faces, "faces is null");
        requireNonNull(analyzer, "analyzer is null");
        Map<String, Embedding> main = new LinkedHashMap<>();
        List<String> faceless = new ArrayList<>();
        for (Photo photo : faces.photos()) {
            List<DetectedFace> found = analyse(analyzer, faces.read(photo.file()), featureVersion);
            if (found.isEmpty()) {
                faceless.add(photo.file());
            } else {
                main.put(photo.file(), found.getFirst().embedding());
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        List<Photo> photos = faces.photos();
        for (int i = 0; i < photos.size(); i++) {
            for (int j = i + 1; j < photos.size(); j++) {
                Photo a = photos.get(i);
                Photo b = photos.get(j);
                Embedding ea = main.get(a.file());
                Embedding eb = main.get(b.file());
                if (ea != null && eb != null) {
                    comparisons.add(new Comparison(a.file(), b.file(), ea.cosine(eb), kindOf(a, b)));
                }
            }
        }
        for (String group : faces.groupPhotos()) {
            List<DetectedFace> found = analyse(analyzer, faces.read(group), featureVersion).stream()
                    .filter(f -> f.box().width() >= MIN_GROUP_FACE && f.box().height() >= MIN_GROUP_FACE)
                    .toList();
            for (int i = 0; i < found.size(); i++) {
                for (int j = i + 1; j < found.size(); j++) {
                    comparisons.add(new Comparison(group + "#" + i, group + "#" + j,
                            found.get(i).embedding().cosine(found.get(j).embedding()), Kind.SAME_GROUP_PHOTO));
                }
            }
        }
        return new FaceScores(featureVersion, main, comparisons, faceless);
    }

    private static Kind kindOf(Photo a, Photo b) {
        return switch (LabelledFaces.difference(a, b)) {
            case SAME_PERSON -> Kind.GENUINE;
            case KNOWN -> Kind.KNOWN_DIFFERENT;
            case ACROSS_SOURCES -> Kind.ACROSS_SOURCES;
        };
    }

    private static List<DetectedFace> analyse(FaceAnalyzer analyzer, byte[] image, String featureVersion) {
        try {
            return analyzer.analyze(image, featureVersion);
        } catch (FaceException e) {
            // An undecodable or oversized file has no face to score; it is listed, not fatal.
            return List.of();
        }
    }

    /** The scores of one kind of comparison. */
    ScoreSample sample(String name, Kind kind) {
        return new ScoreSample(name, comparisons.stream().filter(c -> c.kind() == kind)
                .mapToDouble(Comparison::score).toArray());
    }

    /** Every genuine score. */
    ScoreSample genuine() {
        return sample("genuine", Kind.GENUINE);
    }

    /** Every impostor score, whatever its kind. */
    ScoreSample impostors() {
        return new ScoreSample("impostor", comparisons.stream().filter(c -> c.kind().impostor())
                .mapToDouble(Comparison::score).toArray());
    }
}
