package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.FACES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.gateway.internal.GatewayOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FacePass server's faces and groups move to Polyface with their ids. Gateway B serves the
 * FacePass dialect from its own engine: a client adds photos, keeps their face_tokens and
 * image_ids, binds them to two groups, and a device syncs one group and keeps its group_id. {@code
 * polyface migrate} copies the server from B, read through {@code connector: facepass, layout:
 * dialect} (FacePass gives every added image back), to a fresh local engine. Gateway C then serves
 * it: the client's tokens, image_ids and group names answer as before (query, image, crop,
 * recognition, unbind, delete), and the device's next sync finds its group under the group_id it
 * kept, while a new group gets an id of its own.
 */
class FacepassMigrationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    /** What /face/add answered for one photo. */
    private record Added(String photo, String token, String imageId, JsonNode rect) {
    }

    @Test
    void tokensImageIdsGroupsAndGroupIdsKeepTheirValuesOnTheTarget() throws Exception {
        Path target = work.resolve("target");
        String report;
        Added angelina1;
        Added angelina2;
        Added scarlett;
        long starsId;
        String model;
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(Files.createDirectories(work.resolve("b"))))) {
            URI source = b.baseUri();
            angelina1 = add(source, "angelina/deepface_img5.jpg");
            angelina2 = add(source, "angelina/deepface_img11.jpg");
            scarlett = add(source, "scarlett/deepface_img50.jpg");
            add(source, "jennifer/deepface_img3.jpg"); // bound to no group: FacePass cannot list it
            post(source, "/api/group/v1/create", "{\"group_name\":\"stars\"}");
            post(source, "/api/group/v1/create", "{\"group_name\":\"vips\"}");
            for (Added face : List.of(angelina1, angelina2, scarlett)) {
                post(source, "/api/group/v1/bind", "{\"group_name\":\"stars\",\"face_token\":\"" + face.token() + "\"}");
            }
            post(source, "/api/group/v1/bind", "{\"group_name\":\"vips\",\"face_token\":\"" + scarlett.token() + "\"}");
            model = get(source, "/api/version/v1").at("/data/detail/feature").asText();
            sync(source, model, "stars", 0, 0);
            starsId = get(source, "/api/service/sync/v1/status").at("/data/devices/0/groups/0/group_id").asLong();
            assertThat(starsId).isPositive();

            report = GatewayFixtures.migrateToLocal(work, target, "fp", """
                    connector: facepass
                    layout: dialect
                    base-url: %s/facepass
                    """.formatted(source), "--tenant", "facepass", "--record-kinds",
                    "facepass.group,facepass.counter,facepass.image,facepass.device,facepass.config");
        }
        // The pool and two groups; 3 + 3 + 1 faces; 2 groups, the counter, 3 image logs, 1 device, the thresholds.
        assertThat(report).contains("3 collections, 7 faces copied, 0 already there, 8 records.")
                .doesNotContain("has no image").doesNotContain("refused");

        try (Gateway c = Gateway.start(GatewayOptions.ephemeral(target))) {
            URI moved = c.baseUri();
            assertThat(texts(get(moved, "/api/group/v1/list").at("/data/groups"))).containsExactly("stars", "vips");
            assertThat(texts(post(moved, "/api/group/v1/query", "{\"group_name\":\"stars\"}").at("/data/faces")))
                    .containsExactlyInAnyOrder(angelina1.token(), angelina2.token(), scarlett.token());
            assertThat(texts(post(moved, "/api/group/v1/query", "{\"group_name\":\"vips\"}").at("/data/faces")))
                    .containsExactly(scarlett.token());
            for (Added face : List.of(angelina1, angelina2, scarlett)) {
                JsonNode queried = post(moved, "/api/face/v1/query", "{\"face_token\":\"" + face.token() + "\"}").path("data");
                assertThat(queried.path("image_id").asText()).as(face.photo()).isEqualTo(face.imageId());
                assertThat(queried.path("rect")).as(face.photo()).isEqualTo(face.rect());
                HttpResponse<byte[]> original = image(moved, "image_id=" + face.imageId());
                assertThat(original.statusCode()).isEqualTo(200);
                assertThat(original.body()).as(face.photo()).isEqualTo(Files.readAllBytes(FACES.resolve(face.photo())));
            }
            HttpResponse<byte[]> crop = image(moved, "face_token=" + angelina1.token());
            assertThat(crop.statusCode()).isEqualTo(200);
            assertThat(crop.headers().firstValue("Content-Type").orElse("")).startsWith("image/");

            JsonNode recognized = recognize(moved, "stars", "angelina/deepface_img10.jpg").at("/data/results/0");
            assertThat(recognized.path("recognized").asBoolean()).as(recognized.toString()).isTrue();
            assertThat(recognized.path("face_token").asText()).isIn(angelina1.token(), angelina2.token());

            // The device's record came along; its next sync names the group by the id it kept.
            JsonNode device = get(moved, "/api/service/sync/v1/status").at("/data/devices/0");
            assertThat(device.at("/groups/0/group_id").asLong()).isEqualTo(starsId);
            sync(moved, model, "stars", starsId, device.at("/groups/0/cloud_version").asLong());
            JsonNode synced = get(moved, "/api/service/sync/v1/status").at("/data/devices/0/groups/0");
            assertThat(synced.path("group_id").asLong()).isEqualTo(starsId);
            assertThat(synced.path("result_code").asInt()).as(synced.toString()).isZero();
            assertThat(synced.at("/result/facetoken_added").asInt()).isEqualTo(3);
            post(moved, "/api/group/v1/create", "{\"group_name\":\"newcomers\"}");
            sync(moved, model, "newcomers", 0, 0);
            assertThat(get(moved, "/api/service/sync/v1/status").at("/data/devices/0/groups/0/group_id").asLong())
                    .isGreaterThan(starsId);

            // Changes addressed by the kept ids.
            post(moved, "/api/group/v1/unbind", "{\"group_name\":\"vips\",\"face_token\":\"" + scarlett.token() + "\"}");
            post(moved, "/api/face/v1/delete", "{\"face_token\":\"" + angelina2.token() + "\"}");
            assertThat(texts(post(moved, "/api/group/v1/query", "{\"group_name\":\"stars\"}").at("/data/faces")))
                    .containsExactlyInAnyOrder(angelina1.token(), scarlett.token());
            assertThat(post(moved, "/api/group/v1/query", "{\"group_name\":\"vips\"}").at("/data/faces").size()).isZero();
        }
    }

    private Added add(URI base, String photo) throws Exception {
        JsonNode data = multipart(base, "/api/face/v1/add", Map.of(), Map.of("image", photo)).path("data");
        return new Added(photo, data.path("face_token").asText(), data.path("image_id").asText(), data.path("rect"));
    }

    private JsonNode recognize(URI base, String group, String photo) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("group_name", group);
        fields.put("face_data", "{\"faces\":[{\"track_id\":0}]}");
        return multipart(base, "/api/service/recognize/v1", fields, Map.of("image_0", photo));
    }

    /** A device's sync of one group (the answer is a binary stream: only the status is read afterwards). */
    private void sync(URI base, String model, String group, long groupId, long localVersion) throws Exception {
        String body = "{\"info\":{\"search_model\":\"" + model + "\",\"version\":\"v1.0.0\"},\"groups\":[{\"group_name\":\"" + group
                + "\"" + (groupId > 0 ? ",\"group_id\":" + groupId : "") + ",\"local_version\":" + localVersion + "}]}";
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(base.resolve("/facepass/api/service/sync/v1"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    private HttpResponse<byte[]> image(URI base, String query) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/facepass/api/image/v1/query?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode multipart(URI base, String path, Map<String, String> fields, Map<String, String> photos) throws Exception {
        String boundary = "facepass-migration-test";
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        fields.forEach((name, value) -> form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        for (Map.Entry<String, String> photo : photos.entrySet()) {
            form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + photo.getKey()
                    + "\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            form.writeBytes(Files.readAllBytes(FACES.resolve(photo.getValue())));
            form.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        form.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return ok(path, http.send(HttpRequest.newBuilder(base.resolve("/facepass" + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private JsonNode post(URI base, String path, String body) throws Exception {
        return ok(path, http.send(HttpRequest.newBuilder(base.resolve("/facepass" + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private JsonNode get(URI base, String path) throws Exception {
        return ok(path, http.send(HttpRequest.newBuilder(base.resolve("/facepass" + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** The envelope of a call that must succeed (code 0). */
    private static JsonNode ok(String path, HttpResponse<String> answer) throws Exception {
        JsonNode envelope = JSON.readTree(answer.body());
        assertThat(envelope.path("code").asInt(-1)).as(path + ": " + answer.body()).isZero();
        return envelope;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
