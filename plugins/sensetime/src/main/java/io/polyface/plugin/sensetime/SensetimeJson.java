package io.polyface.plugin.sensetime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.toolkit.json.Json;

/** JSON trees of the dialect: written with the shared mapper, its own stored JSON read strictly. */
final class SensetimeJson {
    private SensetimeJson() {
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.PLAIN.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    static String text(JsonNode node) {
        try {
            return Json.PLAIN.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** Reads JSON the dialect wrote itself (records, user data of stored faces). */
    static ObjectNode read(String json) {
        try {
            JsonNode node = Json.STRICT.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new IllegalStateException("stored JSON is not an object");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read", e);
        }
    }
}
