package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A face to enrol: an image whose main face is stored under a tag.
 *
 * @param image the encoded image (JPEG, PNG, BMP, WebP, ...)
 * @param tag the caller's id for the person this face belongs to
 */
public record NewFace(byte[] image, String tag, Optional<String> description, Optional<String> userData) {
    public NewFace {
        requireNonNull(image, "image is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(description, "description is null");
        requireNonNull(userData, "userData is null");
    }

    public static NewFace of(byte[] image, String tag) {
        return new NewFace(image, tag, Optional.empty(), Optional.empty());
    }
}
