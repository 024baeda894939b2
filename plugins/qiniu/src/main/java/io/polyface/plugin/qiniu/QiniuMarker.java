package io.polyface.plugin.qiniu;

import io.polyface.spi.FaceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque {@code marker} of Qiniu's listings: where the previous page ended, URL-safe base64 so
 * that it travels in a query string unescaped. The empty string means the first page in a request
 * and "no more" in a response.
 */
final class QiniuMarker {
    private QiniuMarker() {
    }

    static String encode(Optional<String> position) {
        return position.map(p -> Base64.getUrlEncoder().withoutPadding().encodeToString(p.getBytes(StandardCharsets.UTF_8)))
                .orElse("");
    }

    /** The position a request's marker names; empty for the first page. */
    static Optional<String> decode(Optional<String> marker) {
        if (marker.isEmpty() || marker.get().isEmpty()) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(marker.get()), StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return Optional.of(text);
        } catch (IllegalArgumentException e) {
            throw new FaceException.InvalidArgument("marker", "marker is not one this service returned");
        }
    }
}
