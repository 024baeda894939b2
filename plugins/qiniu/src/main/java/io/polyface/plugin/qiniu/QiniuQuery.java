package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/** The query parameters of Qiniu's listings, and the tag page both kinds of group answer. */
final class QiniuQuery {
    private QiniuQuery() {
    }

    /** {@code limit}: 1 to {@code max}, {@code max} when absent or empty. */
    static int limit(DialectRequest request, int max) {
        Optional<String> text = request.queryParameter("limit").filter(s -> !s.isEmpty());
        if (text.isEmpty()) {
            return max;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new FaceException.InvalidArgument("limit", "limit must be a whole number from 1 to " + max);
    }

    /** Writes {@code tags: [{name, count}]} after the marker's tag, and the next marker. */
    static void tagPage(ObjectNode response, SortedMap<String, Long> counts, Optional<String> after, int limit) {
        SortedMap<String, Long> rest = after.map(a -> counts.tailMap(a + "\0")).orElse(counts);
        ArrayNode tags = response.putArray("tags");
        String last = null;
        int n = 0;
        for (Map.Entry<String, Long> tag : rest.entrySet()) {
            if (n == limit) {
                break;
            }
            tags.addObject().put("name", tag.getKey()).put("count", tag.getValue());
            last = tag.getKey();
            n++;
        }
        boolean more = rest.size() > n;
        response.put("marker", QiniuMarker.encode(more ? Optional.of(last) : Optional.empty()));
    }
}
