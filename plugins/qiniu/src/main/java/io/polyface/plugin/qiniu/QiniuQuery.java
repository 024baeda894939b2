package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.toolkit.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;

/** The query parameters of Qiniu's listings, and the tag page both kinds of group answer. */
final class QiniuQuery {
    private QiniuQuery() {
    }

    /**
     * {@code limit}: absent, empty, 0 or negative is {@code max}, as Qiniu's server reads it ({@code
     * 0 >= limit} is its default of 1000); more than {@code max} is {@code max} (the document's
     * range: the next page follows its marker); anything but a whole number is a bad request.
     */
    static int limit(DialectRequest request, int max) {
        Optional<String> text = request.queryParameter("limit").filter(s -> !s.isEmpty());
        if (text.isEmpty()) {
            return max;
        }
        long limit;
        try {
            limit = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw new FaceException.InvalidArgument("limit", "limit must be a whole number");
        }
        return limit <= 0 || limit > max ? max : (int) limit;
    }

    /**
     * The tag page both kinds of group answer: the group's {@code config.capacity}, then {@code
     * tags: [{name, count}]} after the marker's tag, and the next marker. A marker this service did
     * not write is Qiniu's 500 {@code failed to list image}.
     */
    static DialectResponse tags(DialectRequest request, int limit, long capacity, Supplier<SortedMap<String, Long>> counts) {
        Optional<String> after = QiniuError.LIST_IMAGES_FAILED.wrapping(() -> QiniuMarker.decode(request.queryParameter("marker")));
        ObjectNode response = Json.object();
        response.putObject("config").put("capacity", capacity);
        tagPage(response, counts.get(), after, limit);
        return QiniuReply.ok(response);
    }

    private static void tagPage(ObjectNode response, SortedMap<String, Long> counts, Optional<String> after, int limit) {
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
