package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.qiniu.QiniuFeatureValues.base64;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Contract;
import io.polyface.conformance.DatabaseOutage;
import io.polyface.conformance.Proves;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * 503 {@code service unavailable: the store cannot be reached, try again} on every operation that
 * touches the store: only an emulator lets a test stop the database, so this test starts its own
 * gateway (open: no keys) on a MongoDB wire server it controls, stops that server and calls each
 * operation.
 */
class QiniuDatabaseOutageTest extends BaseQiniuTest {
    private static final String SECTION = "Polyface: the store cannot be reached";
    private static final Map<String, Object> GROUP = Map.of("config", Map.of("capacity", 100));
    private static final String UNAVAILABLE = "service unavailable: the store cannot be reached, try again";

    @Test
    @Proves(dialect = "qiniu", code = "503", basis = Basis.EMULATOR_ONLY, section = SECTION, operation = {"image.group.list",
            "image.group.create", "image.group.info", "image.group.remove", "image.add", "image.search", "image.delete", "image.update",
            "image.list", "image.tags", "face.group.list", "face.group.create", "face.group.info", "face.group.remove", "face.add",
            "face.search", "face.delete", "face.update", "face.list", "face.tags", "face.multi_search", "face.cluster", "face.compare",
            "face.pts_search", "face.multi_pts_search", "feature.versions", "feature.version", "feature.upgrades", "feature.group_upgrades",
            "feature.upgrade", "feature.rerun", "feature.check", "legacy.face.group.list", "legacy.face.group.faces",
            "legacy.face.group.new", "legacy.face.add", "legacy.face.delete", "legacy.face.group.remove", "legacy.face.search",
            "legacy.face.groups_search", "legacy.image.group.list", "legacy.image.group.images", "legacy.image.group.new",
            "legacy.image.add", "legacy.image.delete", "legacy.image.group.remove", "legacy.image.search", "legacy.image.groups_search",
            "face.feature.add", "face.feature.update", "face.feature.search"})
    void anUnreachableStoreIsServiceUnavailableEverywhere() {
        try (DatabaseOutage outage = env.startOutage("polyface-qiniu-outage-", Duration.ofMillis(1000), Map.of())) {
            QiniuClient client = new QiniuClient(outage.url("qiniu"), Contract.load("qiniu"), Optional.empty());
            String photo = env.data(ANGELINA_1);
            assertThat(client.post("/v1/face/groups/outage_f", GROUP).status()).as("face group made while up").isEqualTo(200);
            assertThat(client.post("/v1/image/groups/outage_i", GROUP).status()).as("image group made while up").isEqualTo(200);
            assertThat(client.post("/v1/face/groups/outage_t", GROUP).status()).as("target group made while up").isEqualTo(200);

            outage.stopDatabase();

            String face = "/v1/face/groups/outage_f";
            String feature = base64(new float[512]);
            Map<String, Supplier<QiniuResponse>> calls = new LinkedHashMap<>();
            // The image and face group APIs differ only in their kind, the group they use and the id of their entry.
            for (String kind : List.of("image", "face")) {
                String groups = "/v1/" + kind + "/groups";
                String group = groups + (kind.equals("face") ? "/outage_f" : "/outage_i");
                String made = groups + (kind.equals("face") ? "/outage_g" : "/outage_j");
                String id = kind.charAt(0) + "1";
                Map<String, Object> entry = Map.of("image", Map.of("id", id, "uri", photo));
                calls.put(kind + ".group.list", () -> client.get(groups));
                calls.put(kind + ".group.create", () -> client.post(made, GROUP));
                calls.put(kind + ".group.info", () -> client.get(group));
                calls.put(kind + ".add", () -> client.post(group + "/add", entry));
                calls.put(kind + ".search", () -> client.post(group + "/search", Map.of("images", List.of(photo))));
                calls.put(kind + ".delete", () -> client.post(group + "/delete", Map.of("ids", List.of(id))));
                calls.put(kind + ".update", () -> client.post(group + "/update", entry));
                calls.put(kind + ".list", () -> client.get(group + "/images"));
                calls.put(kind + ".tags", () -> client.get(group + "/tags"));
                calls.put(kind + ".group.remove", () -> client.postEmpty(group + "/remove"));
            }
            calls.put("face.multi_search", () -> client.post("/v1/face/groups/multi/search",
                    Map.of("images", List.of(photo), "groups", List.of("outage_f"))));
            calls.put("face.cluster", () -> client.post(face + "/cluster", Map.of("images", List.of(photo), "threshold", 0.45)));
            calls.put("face.compare", () -> client.post(face + "/compare", Map.of("target_group", "outage_t")));
            List<List<Integer>> pts = List.of(List.of(0, 0), List.of(200, 0), List.of(200, 200), List.of(0, 200));
            calls.put("face.pts_search", () -> client.post(face + "/pts/search",
                    Map.of("data", List.of(Map.of("uri", photo, "attribute", Map.of("pts", pts))))));
            calls.put("face.multi_pts_search", () -> client.post("/v1/face/groups/multi/pts/search",
                    Map.of("data", List.of(Map.of("uri", photo, "attribute", Map.of("pts", pts))), "groups", List.of("outage_f"))));
            calls.put("face.feature.add", () -> client.post(face + "/feature/add",
                    Map.of("features", List.of(Map.of("ID", "r1", "Value", feature)))));
            calls.put("face.feature.update", () -> client.post(face + "/feature/update",
                    Map.of("features", List.of(Map.of("ID", "r1", "Value", feature)))));
            calls.put("face.feature.search", () -> client.post(face + "/feature/search", Map.of("features", List.of(feature))));
            calls.put("feature.versions", () -> client.get("/v1/face/group/feature"));
            calls.put("feature.version", () -> client.get("/v1/face/group/outage_f/feature"));
            calls.put("feature.upgrades", () -> client.get("/v1/face/group/feature/upgrade"));
            calls.put("feature.group_upgrades", () -> client.get("/v1/face/group/outage_f/feature/upgrade"));
            calls.put("feature.upgrade", () -> client.postEmpty("/v1/face/group/outage_f/feature/upgrade/v2"));
            calls.put("feature.rerun", () -> client.postEmpty("/v1/face/group/outage_f/feature/rerun"));
            calls.put("feature.check", () -> client.postEmpty("/v1/face/group/outage_f/feature/check"));
            Map<String, Object> legacyItem = Map.of("uri", photo, "attribute", Map.of("id", "l1"));
            // The legacy face and image APIs differ only in their kind and the plural they name entries by.
            for (String kind : List.of("face", "image")) {
                String legacy = "legacy." + kind;
                String entries = kind + "s";
                String groups = "/v1/" + kind + "/group/";
                String existing = kind.equals("face") ? "outage_f" : "outage_i";
                String made = kind.equals("face") ? "outage_n" : "outage_m";
                calls.put(legacy + ".group.list", () -> client.get("/v1/" + kind + "/group"));
                calls.put(legacy + ".group." + entries, () -> client.get(groups + existing));
                calls.put(legacy + ".group.new", () -> client.post(groups + made + "/new", Map.of("data", List.of(legacyItem))));
                calls.put(legacy + ".add", () -> client.post(groups + existing + "/add", Map.of("data", List.of(legacyItem))));
                calls.put(legacy + ".delete", () -> client.post(groups + existing + "/delete", Map.of(entries, List.of("l1"))));
                calls.put(legacy + ".search", () -> client.post(groups + existing + "/search", Map.of("data", Map.of("uri", photo))));
                calls.put(legacy + ".groups_search", () -> client.post("/v1/" + kind + "/groups/search",
                        Map.of("data", Map.of("uri", photo), "params", Map.of("groups", List.of(existing)))));
                calls.put(legacy + ".group.remove", () -> client.postEmpty(groups + existing + "/remove"));
            }
            List<String> wrong = new ArrayList<>();
            calls.forEach((operation, call) -> {
                QiniuResponse response = call.get();
                String said = response.json().has("code") ? response.json().path("message").asText("") : response.error();
                if (response.status() != 503 || !UNAVAILABLE.equals(said)) {
                    wrong.add(operation + " -> " + response.status() + " " + response.body());
                }
            });
            assertThat(wrong).as("operations not answering 503 %s while the store is down", UNAVAILABLE).isEmpty();
        }
    }
}
