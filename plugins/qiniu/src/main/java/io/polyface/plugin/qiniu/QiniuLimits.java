package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.spi.FaceException;
import io.polyface.toolkit.text.ClientText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The lengths of Qiniu's free-text fields, in characters, checked where a route reads its request
 * so that a longer value is refused (400, {@code <field> is longer than <n> characters}) before
 * anything is stored or fetched. The document bounds group names (3 to {@value
 * #GROUP_NAME_CHARS}, {@link QiniuGroupName}); Qiniu's older server bounds {@code desc} to 4096
 * bytes (kept as its per-image 406 by the older API generation); ours bound the rest: ids
 * {@value #ID_CHARS} (the document suggests a URL or file path as an id), tags, labels and names
 * {@value #TAG_CHARS}, {@code desc} {@value #DESC_CHARS} as JSON text, and {@code http(s)} URIs
 * {@value #URL_CHARS}. A {@code data:} URI is bounded by the size of the image it holds instead.
 */
final class QiniuLimits {
    static final int GROUP_NAME_CHARS = 32;
    static final int ID_CHARS = 512;
    static final int TAG_CHARS = 256;
    static final int DESC_CHARS = 65_536;
    static final int URL_CHARS = 4096;

    private QiniuLimits() {
    }

    /** The value, or a 400 naming the field when it has more than {@code maxChars} characters. */
    static String text(String field, String value, int maxChars) {
        if (ClientText.longerThan(value, maxChars)) {
            throw new FaceException.InvalidArgument(field, field + " is longer than " + maxChars + " characters");
        }
        return value;
    }

    static String id(String field, String id) {
        return text(field, id, ID_CHARS);
    }

    static String tag(String field, String tag) {
        return text(field, tag, TAG_CHARS);
    }

    /** Ids of a list, each within {@value #ID_CHARS} characters ({@code ids[2]} names the one that is not). */
    static List<String> ids(String field, List<String> ids) {
        List<String> checked = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            checked.add(id(field + "[" + i + "]", ids.get(i)));
        }
        return checked;
    }

    /** A {@code desc} whose JSON text is within {@value #DESC_CHARS} characters. */
    static Optional<JsonNode> desc(String field, Optional<JsonNode> desc) {
        desc.ifPresent(d -> text(field, QiniuReply.write(d), DESC_CHARS));
        return desc;
    }

    /** A URI; an {@code http(s)} URL within {@value #URL_CHARS} characters. */
    static String uri(String field, String uri) {
        String scheme = uri.substring(0, Math.min(uri.length(), 8)).toLowerCase(Locale.ROOT);
        if (scheme.startsWith("http://") || scheme.startsWith("https://")) {
            text(field, uri, URL_CHARS);
        }
        return uri;
    }

    static List<String> uris(String field, List<String> uris) {
        for (int i = 0; i < uris.size(); i++) {
            uri(field + "[" + i + "]", uris.get(i));
        }
        return uris;
    }
}
