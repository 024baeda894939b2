package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * A face to enrol: an image whose main face (or the face in a given region) is stored under a tag.
 *
 * @param image the encoded image (JPEG, PNG, BMP, WebP, ...)
 * @param tag the caller's id for the person this face belongs to
 * @param faceId the id the face is to have, when the caller chooses it; the engine makes one up
 *     otherwise, and rejects the face with {@link io.polyface.spi.FaceException.AlreadyExists} when
 *     the collection already holds that id
 * @param region the face to take, when not the main one: the detected face that overlaps this box
 *     most (intersection over union of at least 0.3), else {@link io.polyface.spi.FaceException.NoFace}
 * @param qualityGate a policy the face must pass; a face that fails it is rejected with {@link
 *     io.polyface.spi.FaceException.BadQuality} naming the failed checks. The enrolled face then
 *     reports its pose and quality in {@link EnrolOutcome.Enrolled#detected()}, and a rejected one
 *     in {@link EnrolOutcome.Rejected#detected()}.
 * @param details what to measure of the face and report in the outcome's detected face, beyond
 *     what a quality gate needs
 */
public record NewFace(
        byte[] image,
        String tag,
        Optional<String> description,
        Optional<String> userData,
        Optional<String> faceId,
        Optional<BoundingBox> region,
        Optional<QualityPolicy> qualityGate,
        Set<FaceFeature> details) {

    public NewFace {
        requireNonNull(image, "image is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(description, "description is null");
        requireNonNull(userData, "userData is null");
        requireNonNull(faceId, "faceId is null");
        requireNonNull(region, "region is null");
        requireNonNull(qualityGate, "qualityGate is null");
        details = Set.copyOf(requireNonNull(details, "details is null"));
    }

    /** The main face of an image, with an engine-made id, no region and no quality gate. */
    public NewFace(byte[] image, String tag, Optional<String> description, Optional<String> userData) {
        this(image, tag, description, userData, Optional.empty(), Optional.empty(), Optional.empty(), Set.of());
    }

    public static NewFace of(byte[] image, String tag) {
        return new NewFace(image, tag, Optional.empty(), Optional.empty());
    }

    public NewFace withFaceId(String id) {
        return new NewFace(image, tag, description, userData, Optional.of(id), region, qualityGate, details);
    }

    public NewFace withRegion(BoundingBox box) {
        return new NewFace(image, tag, description, userData, faceId, Optional.of(box), qualityGate, details);
    }

    public NewFace withDetails(Set<FaceFeature> features) {
        return new NewFace(image, tag, description, userData, faceId, region, qualityGate, features);
    }

    public NewFace withTag(String newTag) {
        return new NewFace(image, newTag, description, userData, faceId, region, qualityGate, details);
    }

    public NewFace withQualityGate(QualityPolicy policy) {
        return new NewFace(image, tag, description, userData, faceId, region, Optional.of(policy), details);
    }
}
