package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.gateway.internal.GatewayOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SenseTime account moves to Polyface with its ids. Gateway B serves the SenseTime dialect from
 * its own engine: a client detects faces, makes persons, a group and a faceset there, and keeps
 * their ids. {@code polyface migrate} copies the account from B, read through {@code connector:
 * sensetime, layout: dialect}, to a fresh local engine, the faces enrolled from the photos an
 * {@code --images} list names by face_id (SenseTime's API gives no image back). Gateway C then
 * serves that engine, and the client, changing nothing but the base URL, finds its persons,
 * group, faceset and faces under the same ids: it identifies, searches and verifies by them, and
 * removes and deletes by them.
 */
class SensetimeMigrationEndToEndTest {
    private static final ObjectMapper JSON = GatewayFixtures.JSON;
    private static final String API_ID = "migrating-account";
    private static final String API_SECRET = "migrating-account-secret";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void personsGroupsFacesetsAndFacesKeepTheirIdsOnTheTarget() throws Exception {
        Map<String, String> account = new HashMap<>(GatewayFixtures.sensetimeAccount(API_ID, API_SECRET));
        account.put("dialects.sensetime.default-rate-limit", "1000q/10s");
        String angelina1;
        String angelina2;
        String scarlett1;
        String angelina;
        String scarlett;
        String stars;
        String gallery;
        StringBuilder manifest = new StringBuilder("# SenseTime face_id, then the photo it was detected in\n");
        Path target = work.resolve("target");
        String report;
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(Files.createDirectories(work.resolve("b"))).withOverrides(account))) {
            URI source = b.baseUri();
            angelina1 = detect(source, "angelina/deepface_img5.jpg");
            angelina2 = detect(source, "angelina/deepface_img11.jpg");
            scarlett1 = detect(source, "scarlett/deepface_img50.jpg");
            manifest.append(angelina1).append('\t').append(GatewayFixtures.FACES.resolve("angelina/deepface_img5.jpg").toAbsolutePath()).append('\n');
            manifest.append(angelina2).append('\t').append(GatewayFixtures.FACES.resolve("angelina/deepface_img11.jpg").toAbsolutePath()).append('\n');
            manifest.append(scarlett1).append('\t').append(GatewayFixtures.FACES.resolve("scarlett/deepface_img50.jpg").toAbsolutePath()).append('\n');

            angelina = post(source, "/person/create", body("name", "Angelina").put("user_data", "desk 4")
                    .set("face_id", JSON.valueToTree(List.of(angelina1, angelina2)))).path("person_id").asText();
            scarlett = post(source, "/person/create", body("name", "Scarlett")
                    .set("face_id", JSON.valueToTree(List.of(scarlett1)))).path("person_id").asText();
            stars = post(source, "/group/create", body("name", "stars").put("user_data", "lobby")
                    .set("person_id", JSON.valueToTree(List.of(angelina, scarlett)))).path("group_id").asText();
            gallery = post(source, "/faceset/create", body("name", "gallery")
                    .set("face_id", JSON.valueToTree(List.of(angelina1, scarlett1)))).path("faceset_id").asText();

            Path images = Files.writeString(work.resolve("photos.tsv"), manifest);
            report = GatewayFixtures.migrateToLocal(work, target, "st", """
                    connector: sensetime
                    layout: dialect
                    base-url: %s/sensetime
                    api-id: %s
                    api-secret: %s
                    tenant: %s
                    """.formatted(source, API_ID, API_SECRET, API_ID),
                    "--tenant", API_ID, "--record-kinds", "sensetime-group,sensetime-face-owner", "--images", images.toString());
        }
        // Two persons and a faceset; 2 + 1 + 2 faces; a group and three faces' owner.
        assertThat(report).contains("3 collections, 5 faces copied, 0 already there, 4 records.")
                .doesNotContain("has no image").doesNotContain("refused");

        try (Gateway c = Gateway.start(GatewayOptions.ephemeral(target).withOverrides(account))) {
            URI moved = c.baseUri();
            assertThat(get(moved, "/info/list_persons", "").path("persons").findValuesAsText("person_id"))
                    .containsExactly(angelina, scarlett);
            JsonNode person = get(moved, "/info/person", "&person_id=" + angelina);
            assertThat(person.path("name").asText()).isEqualTo("Angelina");
            assertThat(person.path("user_data").asText()).isEqualTo("desk 4");
            assertThat(texts(person.path("face_ids"))).containsExactlyInAnyOrder(angelina1, angelina2);
            JsonNode group = get(moved, "/info/group", "&group_id=" + stars);
            assertThat(group.path("name").asText()).isEqualTo("stars");
            assertThat(group.path("user_data").asText()).isEqualTo("lobby");
            assertThat(group.path("persons").findValuesAsText("person_id")).containsExactly(angelina, scarlett);
            assertThat(get(moved, "/info/list_facesets", "").path("facesets").findValuesAsText("faceset_id")).containsExactly(gallery);
            assertThat(texts(get(moved, "/info/faceset", "&faceset_id=" + gallery).path("face_ids")))
                    .containsExactlyInAnyOrder(angelina1, scarlett1);

            // A new photo of Angelina, detected at C, is identified in the group as her person, found
            // in the faceset as her face, and verified against her person.
            String probe = detect(moved, "angelina/deepface_img10.jpg");
            JsonNode identified = post(moved, "/face/identification", body("face_id", probe).put("group_id", stars).put("top", 1));
            assertThat(identified.at("/candidates/0/person_id").asText()).isEqualTo(angelina);
            JsonNode searched = post(moved, "/face/search", body("face_id", probe).put("faceset_id", gallery).put("top", 1));
            assertThat(searched.at("/candidates/0/face_id").asText()).isEqualTo(angelina1);
            assertThat(post(moved, "/face/verification", body("face_id", probe).put("person_id", angelina))
                    .path("same_person").asBoolean()).isTrue();

            // Changes addressed by the kept ids.
            assertThat(post(moved, "/person/remove_face", body("person_id", angelina)
                    .set("face_id", JSON.valueToTree(List.of(angelina2)))).path("removed_count").asInt()).isEqualTo(1);
            assertThat(texts(get(moved, "/info/person", "&person_id=" + angelina).path("face_ids"))).containsExactly(angelina1);
            assertThat(post(moved, "/faceset/remove_face", body("faceset_id", gallery)
                    .set("face_id", JSON.valueToTree(List.of(scarlett1)))).path("removed_count").asInt()).isEqualTo(1);
            post(moved, "/person/delete", body("person_id", scarlett));
            assertThat(get(moved, "/info/group", "&group_id=" + stars).path("persons").findValuesAsText("person_id"))
                    .containsExactly(angelina);
            post(moved, "/group/delete", body("group_id", stars));
            assertThat(get(moved, "/info/list_groups", "").path("groups").size()).isZero();
        }
    }

    /** Detects a photo's faces; returns the face_id of its only (or largest) face. */
    private String detect(URI base, String photo) throws Exception {
        HttpResponse<String> answer = GatewayFixtures.sensetimeDetection(http, base, API_ID, API_SECRET, photo);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode faces = JSON.readTree(answer.body()).path("faces");
        assertThat(faces.size()).as(photo).isGreaterThanOrEqualTo(1);
        return faces.path(0).path("face_id").asText();
    }

    private static ObjectNode body(String name, String value) {
        ObjectNode body = JSON.createObjectNode();
        body.put("api_id", API_ID);
        body.put("api_secret", API_SECRET);
        body.put(name, value);
        return body;
    }

    /** A POST that must succeed; a 202 task is followed to its result. */
    private JsonNode post(URI base, String path, JsonNode body) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/sensetime" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isIn(200, 202);
        JsonNode reply = JSON.readTree(answer.body());
        if (answer.statusCode() == 200) {
            return reply;
        }
        String task = reply.path("task_id").asText();
        for (int poll = 0; poll < 300; poll++) {
            JsonNode status = get(base, "/info/task", "&task_id=" + task);
            if (status.path("task_status").asText().equals("done")) {
                return status.path("result");
            }
            assertThat(status.path("task_status").asText()).as(path + ": " + status).isNotEqualTo("failed");
            Thread.sleep(100);
        }
        throw new AssertionError(path + ": task " + task + " not done");
    }

    /** A GET that must succeed. */
    private JsonNode get(URI base, String path, String query) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/sensetime" + path + "?api_id="
                + URLEncoder.encode(API_ID, StandardCharsets.UTF_8) + "&api_secret=" + URLEncoder.encode(API_SECRET, StandardCharsets.UTF_8)
                + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
