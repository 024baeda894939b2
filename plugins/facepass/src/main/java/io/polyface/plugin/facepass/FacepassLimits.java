package io.polyface.plugin.facepass;

import io.polyface.toolkit.text.ClientText;

/**
 * The lengths of FacePass's text fields, in characters. The document states the group name's (4
 * to {@value #GROUP_NAME_CHARS}, {@link FacepassJson#GROUP_NAME}), the ids' ({@value #ID_CHARS},
 * {@link FacepassIds}) and the answer's {@code message} (at most {@value #MESSAGE_CHARS}); ours
 * bound the rest: {@code face_data} at most {@value #FACE_DATA_CHARS} (a track for each of the
 * form's parts, {@link FacepassForm#MAX_PARTS}, with room to spare), and the device's {@code
 * search_model} and {@code version}, which sync stores, at most {@value #TEXT_CHARS}. A longer
 * value is ILLEGAL_ARGUMENT naming the field, as a value of the wrong shape is.
 */
final class FacepassLimits {
    static final int GROUP_NAME_CHARS = 16;
    static final int ID_CHARS = 24;
    static final int FACE_DATA_CHARS = 16_384;
    static final int TEXT_CHARS = 256;
    static final int MESSAGE_CHARS = 1024;
    private static final String CUT = "...";

    private FacepassLimits() {
    }

    /** The value, or ILLEGAL_ARGUMENT naming the field when it has more than {@code maxChars} characters. */
    static String check(String field, String value, int maxChars) {
        if (ClientText.longerThan(value, maxChars)) {
            throw FacepassFailure.illegal(field);
        }
        return value;
    }

    /** An answer's message within the document's {@value #MESSAGE_CHARS} characters. */
    static String message(String message) {
        if (!ClientText.longerThan(message, MESSAGE_CHARS)) {
            return message;
        }
        int end = message.offsetByCodePoints(0, MESSAGE_CHARS - CUT.length());
        return message.substring(0, end) + CUT;
    }
}
