package io.polyface.reliability.fuzz;

import static io.polyface.reliability.GatewayClient.map;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.polyface.reliability.GatewayClient;
import io.polyface.reliability.Photos;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creates, in each dialect, the objects the {@link Fixtures} name (a collection, groups with a
 * face, a person, a faceset...) and records the ids the gateway hands out, so that valid requests
 * find something to work on. Run again before each pass, since the fuzzer deletes them too;
 * what fails here is noted, not counted: the fuzzer then samples the ids instead.
 */
final class FuzzSetup {
    private static final String DMAI = "/api/v1/engine/recocomp";

    private final GatewayClient client;
    private final Fixtures fixtures;
    private final Photos photos;
    private final Consumer<String> notes;

    FuzzSetup(GatewayClient client, Fixtures fixtures, Photos photos, Consumer<String> notes) {
        this.client = requireNonNull(client, "client is null");
        this.fixtures = requireNonNull(fixtures, "fixtures is null");
        this.photos = requireNonNull(photos, "photos is null");
        this.notes = requireNonNull(notes, "notes is null");
    }

    /** @param nativeCreate the native protocol's valid createCollection request, if its contract has one */
    void run(Optional<FuzzRequest> nativeCreate) {
        step("dmai", this::dmai);
        step("facepass", this::facepass);
        step("qiniu", this::qiniu);
        step("sensetime", this::sensetime);
        nativeCreate.ifPresent(request -> step("native", () -> client.call(DialectRules.NATIVE, request)));
    }

    private void step(String dialect, Runnable step) {
        try {
            step.run();
        } catch (UncheckedIOException | IllegalStateException e) {
            notes.accept("fuzzer set-up, " + dialect + ": " + e.getMessage());
        }
    }

    private void dmai() {
        client.post(DialectRules.DMAI, DMAI + "/create/collection", map("collection_name", Fixtures.DMAI_COLLECTION));
        client.post(DialectRules.DMAI, DMAI + "/face/insert", map("collection_name", Fixtures.DMAI_COLLECTION,
                "face_image", List.of(Photos.base64(photos.face(0))), "target_id", List.of(Fixtures.DMAI_TARGET)));
    }

    private void facepass() {
        client.post(DialectRules.FACEPASS, "/api/group/v1/create", map("group_name", Fixtures.FACEPASS_GROUP));
        GatewayClient.Answer added = client.multipart(DialectRules.FACEPASS, "/api/face/v1/add",
                List.of(FuzzRequest.Part.file("image", photos.face(1))));
        String token = added.json().path("data").path("face_token").asText();
        if (token.isEmpty()) {
            throw new IllegalStateException("face/add: " + added);
        }
        fixtures.put(DialectRules.FACEPASS, "face_token", token);
        fixtures.put(DialectRules.FACEPASS, "image_id", added.json().path("data").path("image_id").asText());
        client.post(DialectRules.FACEPASS, "/api/group/v1/bind", map("group_name", Fixtures.FACEPASS_GROUP, "face_token", token));
    }

    private void qiniu() {
        String uri = Photos.dataUri(photos.face(2));
        for (String kind : List.of("face", "image")) {
            String group = kind.equals("face") ? Fixtures.QINIU_FACE_GROUP : Fixtures.QINIU_IMAGE_GROUP;
            client.post(DialectRules.QINIU, "/v1/" + kind + "/groups/" + group, map("config", map("capacity", 1000)));
            client.post(DialectRules.QINIU, "/v1/" + kind + "/groups/" + group + "/add",
                    map("image", map("id", "fz" + kind + "1", "uri", uri, "tag", "fztag")));
        }
        client.post(DialectRules.QINIU, "/v1/face/group/" + Fixtures.QINIU_LEGACY_FACE_GROUP + "/new",
                map("data", List.of(map("uri", uri, "attribute", map("id", "fzlegacy1")))));
        client.post(DialectRules.QINIU, "/v1/image/group/" + Fixtures.QINIU_LEGACY_IMAGE_GROUP + "/new",
                map("data", List.of(map("uri", uri, "attribute", map("id", "fzlegacyimage1")))));
        fixtures.put(DialectRules.QINIU, "id", "fzface1");
        fixtures.put(DialectRules.QINIU, "tag", "fztag");
        fixtures.put(DialectRules.QINIU, "groups", JsonNodeFactory.instance.arrayNode().add(Fixtures.QINIU_FACE_GROUP));
    }

    private void sensetime() {
        List<String> faces = new ArrayList<>();
        String imageId = "";
        for (int i = 3; i < 5; i++) {
            GatewayClient.Answer detected = client.multipart(DialectRules.SENSETIME, "/face/detection",
                    List.of(FuzzRequest.Part.file("file", photos.face(i))));
            String face = detected.json().path("faces").path(0).path("face_id").asText();
            if (face.isEmpty()) {
                throw new IllegalStateException("face/detection: " + detected);
            }
            faces.add(face);
            imageId = detected.field("image_id");
        }
        fixtures.put(DialectRules.SENSETIME, "face_id", faces.get(0));
        fixtures.put(DialectRules.SENSETIME, "face2_id", faces.get(1));
        fixtures.put(DialectRules.SENSETIME, "image_id", imageId);
        String person = client.post(DialectRules.SENSETIME, "/person/create", map("name", "fz person", "face_id", List.of(faces.get(0))))
                .field("person_id");
        fixtures.put(DialectRules.SENSETIME, "person_id", person);
        fixtures.put(DialectRules.SENSETIME, "group_id", client.post(DialectRules.SENSETIME, "/group/create",
                map("name", "fz group", "person_id", List.of(person))).field("group_id"));
        fixtures.put(DialectRules.SENSETIME, "faceset_id", client.post(DialectRules.SENSETIME, "/faceset/create",
                map("name", "fz faceset", "face_id", List.of(faces.get(1)))).field("faceset_id"));
    }
}
