package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The {@code image} object of an add or an update, as face groups and image groups both read it:
 * its id, tag and desc, each checked in that order as it is read. An absent or empty tag is
 * {@value QiniuFaceGroups#DEFAULT_TAG}.
 */
record QiniuImageInput(String id, String tag, Optional<JsonNode> desc) {
    QiniuImageInput {
        requireNonNull(id, "id is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(desc, "desc is null");
    }

    /** An add's image: the caller's own id, or a new one when it is absent or empty. */
    static QiniuImageInput toAdd(QiniuBody image) {
        return read(image, image.optionalString("id").filter(s -> !s.isEmpty()).map(QiniuIds::check).orElseGet(QiniuIds::generate));
    }

    /** An update's image, whose id names the image replaced (an absent one is empty, no image's). */
    static QiniuImageInput toUpdate(QiniuBody image) {
        return read(image, QiniuLimits.id("image.id", image.optionalString("id").orElse("")));
    }

    private static QiniuImageInput read(QiniuBody image, String id) {
        String tag = image.optionalString("tag").filter(s -> !s.isEmpty()).map(t -> QiniuLimits.tag("image.tag", t))
                .orElse(QiniuFaceGroups.DEFAULT_TAG);
        return new QiniuImageInput(id, tag, QiniuLimits.desc("image.desc", image.value("desc")));
    }

    /** The image's {@code uri}, empty when absent; read after whatever else a route reads. */
    static String uri(QiniuBody image) {
        return QiniuLimits.uri("image.uri", image.optionalString("uri").orElse(""));
    }
}
