package io.polyface.reliability;

import static io.polyface.reliability.GatewayClient.map;
import static java.util.Objects.requireNonNull;

import io.polyface.reliability.fuzz.Dialect;
import io.polyface.reliability.fuzz.FuzzRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes whose acknowledgement the suite records, to look for them later: FacePass faces (each
 * acknowledged with its {@code face_token}, found again one by one with {@code face/query}) and
 * DM-AI inserts (counted by the collection's {@code feature_num}). A write without an answer is in
 * doubt and not counted. Thread-safe.
 */
final class Enrolments {
    static final String DMAI = "/api/v1/engine/recocomp";

    private final Photos photos;
    private final Set<String> faces = ConcurrentHashMap.newKeySet();
    private final Set<String> inserts = ConcurrentHashMap.newKeySet();

    Enrolments(Photos photos) {
        this.photos = requireNonNull(photos, "photos is null");
    }

    /** A FacePass face add; its token is recorded when the answer acknowledges it. */
    GatewayClient.Answer addFace(GatewayClient client, int n) {
        GatewayClient.Answer added = client.multipart(Dialect.FACEPASS, "/api/face/v1/add",
                List.of(FuzzRequest.Part.file("image", photos.face(n))));
        String token = added.json().path("data").path("face_token").asText();
        if (added.status() == 200 && added.json().path("code").asInt(-1) == 0 && !token.isEmpty()) {
            faces.add(token);
        }
        return added;
    }

    /** A DM-AI insert of one face for a new target; recorded when acknowledged. */
    GatewayClient.Answer insert(GatewayClient client, String collection, String target, int n) {
        GatewayClient.Answer inserted = client.post(Dialect.DMAI, DMAI + "/face/insert", map("collection_name", collection,
                "face_image", List.of(Photos.base64(photos.face(n))), "target_id", List.of(target)));
        if (inserted.json().path("err_code").asInt(-1) == 0 && inserted.json().path("success_num").asInt() == 1) {
            inserts.add(target);
        }
        return inserted;
    }

    int acknowledgedFaces() {
        return faces.size();
    }

    int acknowledgedInserts() {
        return inserts.size();
    }

    /** The acknowledged FacePass faces the gateway does not find. */
    List<String> missingFaces(GatewayClient client) {
        List<String> missing = new ArrayList<>();
        for (String token : List.copyOf(faces)) {
            GatewayClient.Answer found = client.post(Dialect.FACEPASS, "/api/face/v1/query", map("face_token", token));
            if (found.json().path("code").asInt(-1) != 0) {
                missing.add(token + " (" + found + ")");
            }
        }
        return missing;
    }

    /** DM-AI's count of the collection's faces; -1 when it does not say. */
    static long dmaiCount(GatewayClient client, String collection) {
        GatewayClient.Answer status = client.post(Dialect.DMAI, DMAI + "/collection/status", map("collection_name", List.of(collection)));
        return status.json().path("status").path(0).path("feature_num").asLong(-1);
    }
}
