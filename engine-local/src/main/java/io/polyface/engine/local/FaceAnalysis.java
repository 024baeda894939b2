package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

import io.polyface.engine.local.pipeline.FaceAnalyzer;
import io.polyface.spi.FaceException;
import io.polyface.spi.QualityCheck;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.NewFace;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's use of its {@link FaceAnalyzer}: faces of an image in a feature version, the one a
 * caller means, and faces made ready to enrol (quality gate, face id). Thread-safe.
 */
final class FaceAnalysis {

    /** How much a detected face must overlap a caller's region to be taken for it. */
    static final double REGION_MIN_IOU = 0.3;

    /** The longest a caller-chosen face id may be. */
    static final int MAX_FACE_ID_LENGTH = 128;

    private final FaceAnalyzer analyzer;

    FaceAnalysis(FaceAnalyzer analyzer) {
        this.analyzer = requireNonNull(analyzer, "analyzer is null");
    }

    FaceAnalyzer analyzer() {
        return analyzer;
    }

    /** The faces of an image with the details asked for, in the analyzer's own feature version. */
    List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        try {
            return analyzer.analyze(image, Set.copyOf(features));
        } catch (FaceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FaceException.Internal("face analysis failed: " + e.getMessage(), e);
        }
    }

    /**
     * The faces of an image in a feature version: the fast pass when neither details nor a region
     * are wanted, else the thorough one (tiles on large images) with the details.
     */
    List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features, boolean thorough, String version) {
        requireNonNull(image, "image is null");
        try {
            return thorough || !features.isEmpty()
                    ? analyzer.analyze(image, features, version)
                    : analyzer.analyze(image, version);
        } catch (FaceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FaceException.Internal("face analysis failed: " + e.getMessage(), e);
        }
    }

    /** The face a caller means in an image: the main one, or the one in the region. */
    DetectedFace face(byte[] image, Optional<BoundingBox> region, String version) {
        return pick(analyze(image, Set.of(), region.isPresent(), version), region);
    }

    /** The main face, or the one overlapping the region most (IoU at least {@value #REGION_MIN_IOU}). */
    static DetectedFace pick(List<DetectedFace> faces, Optional<BoundingBox> region) {
        if (region.isEmpty()) {
            if (faces.isEmpty()) {
                throw new FaceException.NoFace();
            }
            return faces.getFirst();
        }
        return faces.stream()
                .filter(f -> f.box().iou(region.get()) >= REGION_MIN_IOU)
                .max(Comparator.comparingDouble(f -> f.box().iou(region.get())))
                .orElseThrow(FaceException.NoFace::new);
    }

    /** A face to enrol, analysed in a version, with its quality gate applied. */
    Analysis forEnrolment(NewFace request, String version) {
        requireNonNull(request, "face is null");
        try {
            request.faceId().ifPresent(FaceAnalysis::checkFaceId);
            Set<FaceFeature> features = EnumSet.noneOf(FaceFeature.class);
            features.addAll(request.details());
            request.qualityGate().ifPresent(gate -> features.addAll(List.of(FaceFeature.POSE, FaceFeature.QUALITY)));
            DetectedFace face = pick(analyze(request.image(), features, request.region().isPresent(), version),
                    request.region());
            if (!face.embedding().featureVersion().equals(version)) {
                throw new FaceException.Internal("analyzer made feature version " + face.embedding().featureVersion()
                        + ", asked for " + version, null);
            }
            if (request.qualityGate().isPresent()) {
                FacePose pose = face.details().pose().orElseThrow(() -> missingDetail("pose"));
                FaceQuality quality = face.details().quality().orElseThrow(() -> missingDetail("quality"));
                List<QualityCheck> failed = request.qualityGate().get().evaluate(pose, quality);
                if (!failed.isEmpty()) {
                    String names = failed.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(joining(", "));
                    return new Analysis.Invalid(new FaceException.BadQuality("face fails " + names, failed), Optional.of(face));
                }
            }
            return new Analysis.Valid(request, face, false);
        } catch (FaceException e) {
            // Bad images are the caller's and reject only this face; outages and defects fail the call.
            if (e.category() == FaceException.Category.USER) {
                return new Analysis.Invalid(e);
            }
            throw e;
        }
    }

    /** A copied face's embedding extracted again from its image, for a collection of another version. */
    Analysis reembedCopy(Analysis.Valid copy, String version) {
        try {
            DetectedFace face = pick(analyze(copy.request().image(), Set.of(), true, version), copy.request().region());
            return new Analysis.Valid(copy.request(), face, true);
        } catch (FaceException e) {
            if (e.category() == FaceException.Category.USER) {
                return new Analysis.Invalid(e);
            }
            throw e;
        }
    }

    /**
     * The analyses in the collection's feature version as read under its lock: a feature job that
     * finished since they were made switched the version, and the few faces of that race are
     * analysed again.
     */
    List<Analysis> inVersion(String version, List<Analysis> analyses) {
        return analyses.stream()
                .map(a -> a instanceof Analysis.Valid valid && !valid.face().embedding().featureVersion().equals(version)
                        ? (valid.copied() ? reembedCopy(valid, version) : forEnrolment(valid.request(), version))
                        : a)
                .toList();
    }

    /** A stored face found again in its image, in a version; empty when the image no longer yields it. */
    Optional<DetectedFace> refind(byte[] image, BoundingBox box, String version) {
        try {
            return Optional.of(pick(analyze(image, Set.of(), true, version), Optional.of(box)));
        } catch (FaceException e) {
            if (e.category() == FaceException.Category.USER) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static FaceException missingDetail(String what) {
        return new FaceException.Internal("the analyzer did not measure the face's " + what, null);
    }

    static void checkFaceId(String id) {
        if (id.isBlank() || id.length() > MAX_FACE_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new FaceException.InvalidArgument("faceId",
                    "a face id is 1 to " + MAX_FACE_ID_LENGTH + " characters without control characters");
        }
    }
}
