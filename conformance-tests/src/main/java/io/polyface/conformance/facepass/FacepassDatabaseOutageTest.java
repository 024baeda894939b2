package io.polyface.conformance.facepass;

import static io.polyface.conformance.facepass.FacepassClient.Part.file;
import static io.polyface.conformance.facepass.FacepassClient.Part.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Contract;
import io.polyface.conformance.DatabaseOutage;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * 105000 INTERNAL_ERROR (HTTP 500) on every operation: only an emulator lets a test stop the
 * database, so this test starts its own gateway on a MongoDB wire server it controls, stops that
 * server and calls every endpoint.
 */
class FacepassDatabaseOutageTest extends BaseFacepassTest {
    @Test
    @Proves(dialect = "facepass", code = "105000", basis = Basis.EMULATOR_ONLY, section = "通用错误码", operation = {"face.add", "face.delete",
            "face.query", "image.query", "group.create", "group.delete", "group.query", "group.list", "group.bind", "group.unbind",
            "recognize", "compare", "sync", "sync.status", "config", "version"})
    void anUnreachableDatabaseIsInternalErrorEverywhere() throws Exception {
        try (DatabaseOutage outage = env.startOutage("polyface-facepass-outage-", Duration.ofMillis(1000), Map.of())) {
            FacepassClient client = new FacepassClient(outage.url("facepass"), Contract.load("facepass"));
            byte[] photo = env.faces().bytes(Photos.ANGELINA_1);
            FacepassResponse added = client.postForm("/api/face/v1/add", file("image", "a.jpg", photo));
            assertThat(added.code()).as("add while up").isZero();
            String token = added.data().path("face_token").asText();
            String imageId = added.data().path("image_id").asText();
            assertThat(client.group("create", "outage_g").code()).as("create while up").isZero();

            outage.stopDatabase();

            Map<String, Supplier<FacepassResponse>> calls = new LinkedHashMap<>();
            calls.put("face.add", () -> client.postForm("/api/face/v1/add", file("image", "a.jpg", photo)));
            calls.put("face.delete", () -> client.face("delete", token));
            calls.put("face.query", () -> client.face("query", token));
            calls.put("image.query", () -> client.get("/api/image/v1/query", Map.of("image_id", imageId)));
            calls.put("group.create", () -> client.group("create", "outage_h"));
            calls.put("group.delete", () -> client.group("delete", "outage_g"));
            calls.put("group.query", () -> client.group("query", "outage_g"));
            calls.put("group.list", () -> client.get("/api/group/v1/list", Map.of()));
            calls.put("group.bind", () -> client.binding("bind", "outage_g", token));
            calls.put("group.unbind", () -> client.binding("unbind", "outage_g", token));
            calls.put("recognize", () -> client.postForm("/api/service/recognize/v1/", text("group_name", "outage_g"),
                    text("face_data", "{\"faces\":[{\"track_id\":1}]}"), file("image_1", "a.jpg", photo)));
            calls.put("compare", () -> client.postForm("/api/service/compare/v1", file("image_1", "a.jpg", photo),
                    file("image_2", "b.jpg", photo), text("enable_liveness", "false")));
            calls.put("sync", () -> client.postJson("/api/service/sync/v1", Map.of("info", Map.of("search_model", "m", "version", "v"),
                    "groups", List.of(Map.of("group_name", "outage_g", "local_version", 0)))));
            calls.put("sync.status", () -> client.get("/api/service/sync/v1/status", Map.of()));
            calls.put("config", () -> client.postUrlEncoded("/api/service/config/v1", Map.of("recognize_threshold", "80")));
            calls.put("version", () -> client.get("/api/version/v1", Map.of()));
            calls.forEach((operation, call) -> {
                FacepassResponse response = call.get();
                assertThat(response.httpStatus()).as("HTTP status of %s while the database is down", operation).isEqualTo(500);
                assertThat(response.code()).as("code of %s", operation).isEqualTo(105000);
                assertThat(response.message()).as("message of %s", operation).isEqualTo("INTERNAL_ERROR");
            });
        }
    }
}
