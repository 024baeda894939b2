package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FacePose;
import io.polyface.toolkit.connector.VendorEngine;
import io.polyface.toolkit.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * The FacePass calls of {@link FacepassConnector}: groups and their face_tokens, adding, binding and
 * deleting faces, compare and recognize, each failure read as the SPI's (through {@link
 * FacepassErrors}), and the detections its answers hold. It speaks FacePass's words; the connector maps them to the engine SPI.
 *
 * <p>Thread-safe: its state is the client.
 */
final class FacepassConnectorCalls {
    static final int ADD_LIMIT_BYTES = FacepassFaces.MAX_ADD_BYTES;
    private static final BoundingBox NO_BOX = new BoundingBox(0, 0, 0, 0);

    private final FacepassClient client;
    private final VendorEngine engine;

    /** @param engine the connector, named in failures */
    FacepassConnectorCalls(FacepassClient client, VendorEngine engine) {
        this.client = requireNonNull(client, "client is null");
        this.engine = requireNonNull(engine, "engine is null");
    }

    /** The data of {@code /version}. */
    JsonNode version() {
        return call(() -> client.get("/api/version/v1"), "");
    }

    /** The data of {@code /service/compare} of two images. */
    JsonNode compare(byte[] first, byte[] second, boolean liveness) {
        return call(() -> client.postForm("/api/service/compare/v1", FacepassClient.fields("enable_liveness", Boolean.toString(liveness)),
                new FacepassClient.FilePart("image_1", first), new FacepassClient.FilePart("image_2", second)), "");
    }

    /** An image_id's original, as /image/query streams it. */
    Optional<byte[]> image(String imageId) {
        return call(() -> client.getFile("/api/image/v1/query", Map.of("image_id", imageId)), "");
    }

    // ---- groups ---------------------------------------------------------------------------

    void createGroup(String group) {
        call(() -> client.postJson("/api/group/v1/create", groupBody(group)), group);
    }

    void deleteGroup(String group) {
        call(() -> client.postJson("/api/group/v1/delete", groupBody(group)), group);
    }

    /** The data of {@code /group/list}. */
    JsonNode groups() {
        return call(() -> client.get("/api/group/v1/list"), "");
    }

    /** The face_tokens bound to a group. */
    List<String> tokens(String group) {
        JsonNode data = call(() -> client.postJson("/api/group/v1/query", groupBody(group)), group);
        List<String> tokens = new ArrayList<>();
        data.path("faces").forEach(t -> tokens.add(t.asText()));
        return tokens;
    }

    void bind(String group, String token) {
        call(() -> client.postJson("/api/group/v1/bind", bindBody(group, token)), group);
    }

    void unbind(String group, String token) {
        call(() -> client.postJson("/api/group/v1/unbind", bindBody(group, token)), group);
    }

    // ---- faces ----------------------------------------------------------------------------

    /**
     * The data of {@code /face/add} of an image; its failure is left unread ({@link FacepassFailure})
     * for the caller, whose refused images are outcomes rather than failures.
     */
    JsonNode add(byte[] image) {
        return client.postForm("/api/face/v1/add", Map.of(), new FacepassClient.FilePart("image", image));
    }

    /** The data of {@code /face/query} of a face_token. */
    JsonNode query(String token, String group) {
        ObjectNode body = Json.object();
        body.put("face_token", token);
        return call(() -> client.postJson("/api/face/v1/query", body), group);
    }

    /** Deletes a face_token; one already gone is no failure. */
    void deleteToken(String token) {
        ObjectNode body = Json.object();
        body.put("face_token", token);
        try {
            call(() -> client.postJson("/api/face/v1/delete", body), "");
        } catch (FaceException.NotFound gone) {
            // already deleted
        }
    }

    /**
     * What a failed {@code /face/add} means for one face: an image FacePass refuses is that face's
     * outcome, with the face it saw when it says; any other failure is thrown.
     */
    EnrolOutcome.Rejected refusal(FacepassFailure failure, String group) {
        FaceException reason = failure(failure, group);
        Optional<DetectedFace> refused = failure.data().map(data -> data.path("rect")).filter(JsonNode::isObject)
                .map(rect -> new DetectedFace(box(rect), 1.0, List.of(), new Embedding(new float[] {0}, FacepassConnector.NO_EMBEDDING)));
        return switch (reason) {
            case FaceException.NoFace n -> new EnrolOutcome.Rejected(n, refused);
            case FaceException.BadQuality b -> new EnrolOutcome.Rejected(b, refused);
            case FaceException.UndecodableImage u -> new EnrolOutcome.Rejected(u, refused);
            case FaceException.ImageTooLarge t -> new EnrolOutcome.Rejected(t, refused);
            case FaceException.InvalidArgument i -> new EnrolOutcome.Rejected(i, refused);
            case FaceException.NotFound other -> throw other;
            case FaceException.AlreadyExists other -> throw other;
            case FaceException.QuotaExceeded other -> throw other;
            case FaceException.DownloadFailed other -> throw other;
            case FaceException.Unauthorized other -> throw other;
            case FaceException.RateLimited other -> throw other;
            case FaceException.BackendUnavailable other -> throw other;
            case FaceException.Unsupported other -> throw other;
            case FaceException.Internal other -> throw other;
        };
    }

    // ---- recognize ------------------------------------------------------------------------

    /** The data of {@code /service/recognize} of an image in a group, with the dialect's {@code face_data}. */
    JsonNode recognize(String group, String faceData, byte[] image) {
        return call(() -> client.postForm("/api/service/recognize/v1",
                FacepassClient.fields("group_name", group, "face_data", faceData),
                new FacepassClient.FilePart("image_0", image)), group);
    }

    /** Polyface's JSON {@code face_data}: one track, with the region as its rect when one is given. */
    static String faceData(Optional<BoundingBox> region) {
        ObjectNode track = Json.object();
        track.put("track_id", 0);
        region.ifPresent(r -> {
            ObjectNode rect = track.putObject("rect");
            rect.put("left", (int) Math.round(r.x()));
            rect.put("top", (int) Math.round(r.y()));
            rect.put("right", (int) Math.round(r.x() + r.width()));
            rect.put("bottom", (int) Math.round(r.y() + r.height()));
        });
        ObjectNode faceData = Json.object();
        faceData.putArray("faces").add(track);
        return faceData.toString();
    }

    // ---- answers ------------------------------------------------------------------------

    /** A FacePass detection result as a detected face: its box and pose, confidence 1.0, no embedding. */
    static DetectedFace detected(JsonNode detection) {
        JsonNode pose = detection.path("pose");
        FaceDetails details = pose.isObject()
                ? new FaceDetails(Optional.of(new FacePose(pose.path("yaw").asDouble(), pose.path("pitch").asDouble(),
                        pose.path("roll").asDouble())), Optional.empty(), Optional.empty(), OptionalDouble.empty(), Optional.empty())
                : FaceDetails.none();
        return new DetectedFace(box(detection.path("rect")), 1.0, List.of(), new Embedding(new float[] {0}, FacepassConnector.NO_EMBEDDING), details);
    }

    /** A FacePass {@code rect} (left, top, right, bottom) as a box; none when absent. */
    static BoundingBox box(JsonNode rect) {
        if (!rect.isObject()) {
            return NO_BOX;
        }
        int left = rect.path("left").asInt();
        int top = rect.path("top").asInt();
        return new BoundingBox(left, top, rect.path("right").asInt() - left, rect.path("bottom").asInt() - top);
    }

    // ---- the wire -------------------------------------------------------------------------

    private static ObjectNode groupBody(String group) {
        ObjectNode body = Json.object();
        body.put("group_name", group);
        return body;
    }

    private static ObjectNode bindBody(String group, String token) {
        ObjectNode body = groupBody(group);
        body.put("face_token", token);
        return body;
    }

    private <T> T call(Supplier<T> call, String group) {
        try {
            return call.get();
        } catch (FacepassFailure failure) {
            throw failure(failure, group);
        }
    }

    /** The SPI failure of a FacePass server's answer, as {@link FacepassErrors} reads it. */
    FaceException failure(FacepassFailure failure, String group) {
        return FacepassErrors.toSpi(failure, group, engine, client.root(), ADD_LIMIT_BYTES);
    }
}
