package io.polyface.toolkit.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The two JSON mappers of Polyface, built once and shared (a mapper is thread-safe and costly to
 * build): {@link #STRICT} for what clients send, {@link #PLAIN} for everything else. Configure
 * nothing on them; a reader that needs other rules builds its own and says why.
 */
public final class Json {
    /**
     * Reads a request body as vendor servers do: anything after the JSON value ({@code {} x}) is
     * malformed, where Jackson's default stops at the value and ignores the rest.
     */
    public static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Jackson's defaults: for JSON the gateway wrote itself, files it reads and vendor answers. */
    public static final ObjectMapper PLAIN = JsonMapper.builder().build();

    private Json() {
    }

    /** A new, empty JSON object. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A new, empty JSON array. */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
