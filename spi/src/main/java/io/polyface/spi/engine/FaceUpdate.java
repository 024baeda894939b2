package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * New values for a stored face; an absent part stays as it is.
 *
 * @param tag the person the face now belongs to
 */
public record FaceUpdate(Optional<String> tag, Optional<String> description, Optional<String> userData) {
    public FaceUpdate {
        requireNonNull(tag, "tag is null");
        requireNonNull(description, "description is null");
        requireNonNull(userData, "userData is null");
    }
}
