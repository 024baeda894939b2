package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A stored face to copy into another collection of the same tenant, without the caller sending
 * the image again. The copy keeps the face's image, box, description and user data; its embedding
 * is taken over when both collections use the same feature version and extracted again from the
 * stored image otherwise.
 *
 * @param faceId the copy's id; the source face's id when absent
 * @param tag the copy's tag; the source face's tag when absent
 */
public record FaceCopy(CollectionRef source, String sourceFaceId, Optional<String> faceId, Optional<String> tag) {
    public FaceCopy {
        requireNonNull(source, "source is null");
        requireNonNull(sourceFaceId, "sourceFaceId is null");
        requireNonNull(faceId, "faceId is null");
        requireNonNull(tag, "tag is null");
    }

    public static FaceCopy of(CollectionRef source, String sourceFaceId) {
        return new FaceCopy(source, sourceFaceId, Optional.empty(), Optional.empty());
    }
}
