package io.polyface.plugin.dmai;

import io.polyface.spi.FaceException;
import java.util.Base64;
import java.util.regex.Pattern;

/** Base64 image fields as DM-AI clients send them. */
final class DmaiImages {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private DmaiImages() {
    }

    /**
     * Decodes standard base64, tolerating line breaks and a {@code data:image/...;base64,} prefix.
     *
     * @throws FaceException.InvalidArgument if it is not base64 or decodes to nothing
     */
    static byte[] decode(String field, String text) {
        String data = text;
        int comma = data.indexOf(',');
        if (data.startsWith("data:") && comma > 0) {
            data = data.substring(comma + 1);
        }
        data = WHITESPACE.matcher(data).replaceAll("");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new FaceException.InvalidArgument(field, field + " is not valid base64");
        }
        if (bytes.length == 0) {
            throw new FaceException.InvalidArgument(field, field + " is empty");
        }
        return bytes;
    }
}
