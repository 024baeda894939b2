package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.toolkit.json.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;

/** Qiniu's successful answers: JSON with HTTP 200. */
final class QiniuReply {
    private QiniuReply() {
    }

    static DialectResponse ok(JsonNode body) {
        return json(200, body);
    }

    /**
     * {@code 200} with an empty JSON object: what Qiniu's server writes for create, remove and
     * update (its RPC layer answers a handler that returns no value with {@code {}}).
     */
    static DialectResponse empty() {
        return json(200, Json.object());
    }

    static DialectResponse json(int status, JsonNode body) {
        try {
            return DialectResponse.json(status, Json.PLAIN.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** A list of group names, sections 1.2 and 2.2; Qiniu's server writes {@code null} when there is none. */
    static DialectResponse groups(java.util.Collection<String> names) {
        ObjectNode body = Json.object();
        if (names.isEmpty()) {
            body.putNull("groups");
        } else {
            names.forEach(body.putArray("groups")::add);
        }
        return ok(body);
    }

    /**
     * A delete's answer, sections 1.5 and 2.5: {@code {"deleted": [...]}}, each id once, those that
     * {@code delete} removed; any id empty, or a delete failing, is Qiniu's 500 {@code delete failed}.
     */
    static DialectResponse deleted(List<String> ids, Predicate<String> delete) {
        if (ids.contains("")) {
            throw QiniuError.DELETE_FAILED.failure(); // Qiniu's index refuses an empty id
        }
        ObjectNode response = Json.object();
        ArrayNode deleted = response.putArray("deleted");
        for (String id : new LinkedHashSet<>(ids)) {
            if (QiniuError.DELETE_FAILED.wrapping(() -> delete.test(id))) {
                deleted.add(id);
            }
        }
        return ok(response);
    }

    /** A stored {@code desc}: the JSON text as given, or absent. */
    static void putDesc(ObjectNode target, java.util.Optional<String> desc) {
        desc.ifPresent(text -> {
            try {
                target.set("desc", Json.STRICT.readTree(text));
            } catch (JsonProcessingException e) {
                // Not written by this dialect: show it as the string it is.
                target.put("desc", text);
            }
        });
    }

    static String write(JsonNode node) {
        try {
            return Json.PLAIN.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
