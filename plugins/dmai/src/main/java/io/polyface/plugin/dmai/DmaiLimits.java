package io.polyface.plugin.dmai;

import io.polyface.spi.FaceException;
import io.polyface.toolkit.text.ClientText;

/**
 * The lengths of DM-AI's free-text fields, in characters. The document states the collection
 * name's rule only (at most {@value #COLLECTION_NAME_CHARS} characters, {@link
 * DmaiBody#COLLECTION_NAME}: its 1003); ours bound the target ids, which are stored as the faces'
 * tags and answered by search: at most {@value #TARGET_ID_CHARS} characters each, else the
 * document's catch-all 500 naming the field. Images ({@code face_image}) are bounded by the
 * gateway's body limit and the engine's image limits, not here.
 */
final class DmaiLimits {
    static final int COLLECTION_NAME_CHARS = 255;
    static final int TARGET_ID_CHARS = 256;

    private DmaiLimits() {
    }

    /** A target id within its limit; {@code field} names it in the message ({@code target_id[2]}). */
    static String targetId(String field, String value) {
        if (ClientText.longerThan(value, TARGET_ID_CHARS)) {
            throw new FaceException.InvalidArgument("target_id", field + " is longer than " + TARGET_ID_CHARS + " characters");
        }
        return value;
    }
}
