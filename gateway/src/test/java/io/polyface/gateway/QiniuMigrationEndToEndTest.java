package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.FACES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.gateway.internal.GatewayOptions;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Qiniu account's face groups move to Polyface with their image ids. Gateway B serves the Qiniu
 * dialect from its own engine: a client signing with Qiniu's Java SDK makes a group and adds three
 * photos, one under an id it chose, one under the photo's URL (as Qiniu's document suggests), one
 * under the id Qiniu made up. {@code polyface migrate} copies the account from B through {@code
 * connector: qiniu} (whose layout is the Qiniu dialect's already), the faces enrolled from the photos
 * an {@code --images} list names by image id (Qiniu gives no image back). Gateway C then serves it,
 * and the same client finds the group, its capacity, tags and desc, and each image under its id: a
 * search answers the id, and a delete by id deletes it.
 */
class QiniuMigrationEndToEndTest {
    private static final String AK = "migrating-access-key";
    private static final String SK = "migrating-secret-key-not-a-default";
    private static final String URL_ID = "https://photos.example/staff/angelina-2.jpg";

    private final QiniuSdkClient qiniu = new QiniuSdkClient(AK, SK);

    @TempDir
    Path work;

    @Test
    void groupsAndImageIdsKeepTheirValuesOnTheTarget() throws Exception {
        Map<String, String> keys = Map.of("dialects.qiniu.keys.0.access-key", AK, "dialects.qiniu.keys.0.secret-key", SK);
        Path target = work.resolve("target");
        String report;
        String madeUp;
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(Files.createDirectories(work.resolve("b"))).withOverrides(keys))) {
            URI source = b.baseUri();
            assertThat(qiniu.send(source, "POST", "/qiniu/v1/face/groups/staff", "{\"config\":{\"capacity\":100}}").statusCode())
                    .isEqualTo(200);
            add(source, "{\"id\":\"angelina-1\",\"tag\":\"angelina\",\"desc\":{\"desk\":4},\"uri\":\"%s\"}",
                    "angelina/deepface_img5.jpg");
            add(source, "{\"id\":\"" + URL_ID + "\",\"tag\":\"angelina\",\"uri\":\"%s\"}", "angelina/deepface_img11.jpg");
            madeUp = add(source, "{\"tag\":\"scarlett\",\"desc\":\"front desk\",\"uri\":\"%s\"}", "scarlett/deepface_img50.jpg");

            Path images = Files.writeString(work.resolve("photos.tsv"), String.join("\n",
                    "angelina-1\t" + FACES.resolve("angelina/deepface_img5.jpg").toAbsolutePath(),
                    URL_ID + "\t" + FACES.resolve("angelina/deepface_img11.jpg").toAbsolutePath(),
                    madeUp + "\t" + FACES.resolve("scarlett/deepface_img50.jpg").toAbsolutePath()));
            report = GatewayFixtures.migrateToLocal(work, target, "qn", """
                    connector: qiniu
                    base-url: %s/qiniu
                    access-key: %s
                    secret-key: %s
                    tenant: %s
                    """.formatted(source, AK, SK, AK), "--tenant", AK, "--images", images.toString());
        }
        assertThat(report).contains("1 collections, 3 faces copied, 0 already there, 0 records.")
                .doesNotContain("has no image").doesNotContain("refused");

        try (Gateway c = Gateway.start(GatewayOptions.ephemeral(target).withOverrides(keys))) {
            URI moved = c.baseUri();
            assertThat(json(qiniu.send(moved, "GET", "/qiniu/v1/face/groups", "")).path("groups").toString()).isEqualTo("[\"staff\"]");
            JsonNode info = json(qiniu.send(moved, "GET", "/qiniu/v1/face/groups/staff", ""));
            assertThat(info.at("/config/capacity").asLong()).isEqualTo(100);
            assertThat(info.path("count").asInt()).isEqualTo(3);
            assertThat(info.path("tags").asInt()).isEqualTo(2);

            JsonNode listed = json(qiniu.send(moved, "GET", "/qiniu/v1/face/groups/staff/images", ""));
            assertThat(listed.path("images").findValuesAsText("id")).containsExactlyInAnyOrder("angelina-1", URL_ID, madeUp);
            for (JsonNode image : listed.path("images")) {
                switch (image.path("id").asText()) {
                    case "angelina-1" -> {
                        assertThat(image.path("tag").asText()).isEqualTo("angelina");
                        assertThat(image.path("desc").toString()).isEqualTo("{\"desk\":4}");
                    }
                    case URL_ID -> assertThat(image.path("tag").asText()).isEqualTo("angelina");
                    default -> {
                        assertThat(image.path("tag").asText()).isEqualTo("scarlett");
                        assertThat(image.path("desc").asText()).isEqualTo("front desk");
                    }
                }
            }

            JsonNode found = qiniu.search(moved, "staff", "scarlett/deepface_img51.jpg").at("/search_results/0/faces/0/faces/0");
            assertThat(found.path("id").asText()).isEqualTo(madeUp);
            assertThat(found.path("tag").asText()).isEqualTo("scarlett");
            JsonNode angelina = qiniu.search(moved, "staff", "angelina/deepface_img10.jpg").at("/search_results/0/faces/0/faces/0");
            assertThat(angelina.path("id").asText()).isIn("angelina-1", URL_ID);

            qiniu.delete(moved, "staff", URL_ID);
            assertThat(json(qiniu.send(moved, "GET", "/qiniu/v1/face/groups/staff/images", "")).path("images").findValuesAsText("id"))
                    .containsExactlyInAnyOrder("angelina-1", madeUp);
        }
    }

    /** Adds a photo to the group "staff"; returns the image id B answered. */
    private String add(URI base, String image, String photo) throws Exception {
        HttpResponse<String> added = qiniu.send(base, "POST", "/qiniu/v1/face/groups/staff/add",
                "{\"image\":" + image.formatted(QiniuSdkClient.dataUri(photo)) + "}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        return json(added).path("id").asText();
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return QiniuSdkClient.JSON.readTree(answer.body());
    }
}
