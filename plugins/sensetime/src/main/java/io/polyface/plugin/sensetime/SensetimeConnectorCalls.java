package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.toolkit.connector.VendorEngine;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The SenseTime calls of {@link SensetimeConnector}: detection, facesets and their face_ids,
 * verification and search, each answer read as the SPI's failure when it is one (through {@link
 * SensetimeErrors}) and a 202 task followed through {@code /info/task}. It speaks SenseTime's words;
 * the connector maps them to the engine SPI.
 *
 * <p>Thread-safe: its state is the client and fixed settings.
 */
final class SensetimeConnectorCalls {
    static final long MAX_IMAGE_BYTES = 5L * 1024 * 1024;

    private final SensetimeClient client;
    private final VendorEngine engine;
    private final int maxPolls;
    private final long pollMillis;

    /** @param engine the connector, named in failures */
    SensetimeConnectorCalls(SensetimeClient client, VendorEngine engine, int maxPolls, long pollMillis) {
        this.client = requireNonNull(client, "client is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.maxPolls = maxPolls;
        this.pollMillis = pollMillis;
    }

    /** The answer of {@code /info/api}. */
    JsonNode api() {
        return call(() -> client.get("/info/api", Map.of()), "").body();
    }

    /** The answer of {@code /face/detection} for the image sent as its file. */
    JsonNode detection(byte[] image) {
        if (image.length > MAX_IMAGE_BYTES) {
            throw new FaceException.ImageTooLarge(MAX_IMAGE_BYTES);
        }
        return call(() -> client.postFile("/face/detection", Map.of(), image), "").body();
    }

    /** The answer of {@code /face/verification} of two detected faces. */
    JsonNode verification(String faceId, String face2Id) {
        ObjectNode body = Json.object();
        body.put("face_id", faceId);
        body.put("face2_id", face2Id);
        return followed("/face/verification", call(() -> client.postJson("/face/verification", body), ""));
    }

    // ---- facesets -------------------------------------------------------------------------

    /** Name to faceset_id of every faceset of the account, the first of each name. */
    Map<String, String> facesets() {
        JsonNode list = call(() -> client.get("/info/list_facesets", Map.of()), "").body();
        Map<String, String> ids = new LinkedHashMap<>();
        for (JsonNode faceset : list.path("facesets")) {
            ids.putIfAbsent(faceset.path("name").asText(), faceset.path("faceset_id").asText());
        }
        return ids;
    }

    Optional<String> facesetId(String name) {
        return Optional.ofNullable(facesets().get(name));
    }

    String requiredFacesetId(String name) {
        return facesetId(name).orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.COLLECTION, name));
    }

    /** The answer of {@code /info/faceset}. */
    JsonNode faceset(String id, String name) {
        return call(() -> client.get("/info/faceset", Map.of("faceset_id", id)), name).body();
    }

    /** The face_ids of a faceset's answer, sorted. */
    static List<String> faceIds(JsonNode faceset) {
        List<String> ids = new ArrayList<>();
        faceset.path("face_ids").forEach(f -> ids.add(f.asText()));
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /** Attributes as a faceset's user_data: a JSON object, or nothing when there are none. */
    private static String userData(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return "";
        }
        ObjectNode node = Json.object();
        new TreeMap<>(attributes).forEach(node::put);
        return SensetimeJson.text(node);
    }

    /** A faceset's user_data as attributes: a JSON object of strings; anything else (another client's text) as none. */
    static Map<String, String> attributes(String userData) {
        if (userData.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = Json.STRICT.readTree(userData);
            Map<String, String> attributes = new LinkedHashMap<>();
            if (node == null || !node.isObject()) {
                return Map.of();
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isTextual()) {
                    return Map.of();
                }
                attributes.put(field.getKey(), field.getValue().asText());
            }
            return attributes;
        } catch (IOException e) {
            return Map.of();
        }
    }

    void create(String name, Map<String, String> attributes) {
        ObjectNode body = Json.object();
        body.put("name", name);
        body.put("user_data", userData(attributes));
        call(() -> client.postJson("/faceset/create", body), name);
    }

    void delete(String id, String name) {
        ObjectNode body = Json.object();
        body.put("faceset_id", id);
        call(() -> client.postJson("/faceset/delete", body), name);
    }

    void change(String id, String name, Map<String, String> attributes) {
        ObjectNode body = Json.object();
        body.put("faceset_id", id);
        body.put("user_data", userData(attributes));
        call(() -> client.postJson("/faceset/change", body), name);
    }

    void addFace(String id, String name, String faceId) {
        ObjectNode body = Json.object();
        body.put("faceset_id", id);
        body.putArray("face_id").add(faceId);
        call(() -> client.postJson("/faceset/add_face", body), name);
    }

    /** How many of the face_ids the faceset let go. */
    long removeFaces(String id, String name, List<String> faceIds) {
        ObjectNode body = Json.object();
        body.put("faceset_id", id);
        faceIds.forEach(body.putArray("face_id")::add);
        return call(() -> client.postJson("/faceset/remove_face", body), name).body().path("removed_count").asLong();
    }

    /** The answer of {@code /face/search} of a face_id in a faceset; none when the faceset has no faces. */
    Optional<JsonNode> search(String faceId, String id, String name, int top) {
        ObjectNode body = Json.object();
        body.put("face_id", faceId);
        body.put("faceset_id", id);
        body.put("top", top);
        try {
            return Optional.of(followed("/face/search", call(() -> client.postJson("/face/search", body), name)));
        } catch (EmptyFaceset empty) {
            return Optional.empty();
        }
    }

    // ---- the wire -------------------------------------------------------------------------

    /**
     * The result of a call that may have answered 202: {@code /info/task} is asked every
     * {@code task.poll-millis} until the task is done (its {@code result}), failed (its {@code
     * result} is the error answer), or {@code task.max-polls} polls went by.
     */
    private JsonNode followed(String path, SensetimeClient.Answer answer) {
        if (!answer.isTask()) {
            return answer.body();
        }
        String taskId = answer.body().path("task_id").asText();
        for (int poll = 0; poll < maxPolls; poll++) {
            JsonNode task = call(() -> client.get("/info/task", Map.of("task_id", taskId)), "").body();
            switch (task.path("task_status").asText()) {
                case "done" -> {
                    return task.path("result");
                }
                case "failed" -> {
                    JsonNode result = task.path("result");
                    RuntimeException failure = client.failure(result, result.path("status").asText("INTERNAL_ERROR"),
                            Optional.empty(), path, 200);
                    throw failure instanceof SensetimeClient.Failure f ? failure(f, "") : failure;
                }
                default -> sleep();
            }
        }
        throw new FaceException.BackendUnavailable(engine.name() + ": SenseTime task " + taskId + " of " + path + " not done after "
                + maxPolls + " polls", null);
    }

    private void sleep() {
        try {
            Thread.sleep(pollMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaceException.BackendUnavailable(engine.name() + ": interrupted while waiting for a SenseTime task", e);
        }
    }

    /** A search of a faceset without faces: no candidates rather than a failure. */
    private static final class EmptyFaceset extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EmptyFaceset() {
            super(null, null, false, false);
        }
    }

    private <T> T call(Supplier<T> call, String collection) {
        try {
            return call.get();
        } catch (SensetimeClient.Failure failure) {
            if (failure.status() == SensetimeStatus.EMPTY_FACESET) {
                throw new EmptyFaceset();
            }
            throw failure(failure, collection);
        }
    }

    /** The SPI failure of a SenseTime answer, as {@link SensetimeErrors} reads it. */
    FaceException failure(SensetimeClient.Failure failure, String collection) {
        if (failure.status() == SensetimeStatus.RATE_LIMIT_EXCEEDED) {
            client.pause(failure.resetSeconds());
        }
        return SensetimeErrors.toSpi(failure.status(), failure.reason(), failure.resetSeconds(), collection, engine, client.root(),
                MAX_IMAGE_BYTES);
    }
}
