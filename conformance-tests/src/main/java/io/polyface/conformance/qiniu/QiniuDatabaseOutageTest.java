package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.qiniu.QiniuFeatureValues.base64;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Contract;
import io.polyface.conformance.DatabaseOutage;
import io.polyface.conformance.OperationTable;
import io.polyface.conformance.Proves;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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

    /** What the calls need: a client of the gateway whose store is down, a photo and a raw feature. */
    private record Down(QiniuClient client, String photo, String feature) {
    }

    /** Every operation that touches the store, each with the call that sends it; what the test proves. */
    static final class Calls implements OperationTable {
        private static final Map<String, Function<Down, QiniuResponse>> CALLS = calls();

        @Override
        public List<String> operationsAnswering(String code) {
            return code.equals("503") ? List.copyOf(CALLS.keySet()) : List.of();
        }

        private static Map<String, Function<Down, QiniuResponse>> calls() {
            String face = "/v1/face/groups/outage_f";
            Map<String, Function<Down, QiniuResponse>> calls = new LinkedHashMap<>();
            // The image and face group APIs differ only in their kind, the group they use and the id of their entry.
            for (String kind : List.of("image", "face")) {
                String groups = "/v1/" + kind + "/groups";
                String group = groups + (kind.equals("face") ? "/outage_f" : "/outage_i");
                String made = groups + (kind.equals("face") ? "/outage_g" : "/outage_j");
                String id = kind.charAt(0) + "1";
                Function<Down, Map<String, Object>> entry = d -> Map.of("image", Map.of("id", id, "uri", d.photo()));
                calls.put(kind + ".group.list", d -> d.client().get(groups));
                calls.put(kind + ".group.create", d -> d.client().post(made, GROUP));
                calls.put(kind + ".group.info", d -> d.client().get(group));
                calls.put(kind + ".add", d -> d.client().post(group + "/add", entry.apply(d)));
                calls.put(kind + ".search", d -> d.client().post(group + "/search", Map.of("images", List.of(d.photo()))));
                calls.put(kind + ".delete", d -> d.client().post(group + "/delete", Map.of("ids", List.of(id))));
                calls.put(kind + ".update", d -> d.client().post(group + "/update", entry.apply(d)));
                calls.put(kind + ".list", d -> d.client().get(group + "/images"));
                calls.put(kind + ".tags", d -> d.client().get(group + "/tags"));
                calls.put(kind + ".group.remove", d -> d.client().postEmpty(group + "/remove"));
            }
            calls.put("face.multi_search", d -> d.client().post("/v1/face/groups/multi/search",
                    Map.of("images", List.of(d.photo()), "groups", List.of("outage_f"))));
            calls.put("face.cluster", d -> d.client().post(face + "/cluster", Map.of("images", List.of(d.photo()), "threshold", 0.45)));
            calls.put("face.compare", d -> d.client().post(face + "/compare", Map.of("target_group", "outage_t")));
            List<List<Integer>> pts = List.of(List.of(0, 0), List.of(200, 0), List.of(200, 200), List.of(0, 200));
            calls.put("face.pts_search", d -> d.client().post(face + "/pts/search",
                    Map.of("data", List.of(Map.of("uri", d.photo(), "attribute", Map.of("pts", pts))))));
            calls.put("face.multi_pts_search", d -> d.client().post("/v1/face/groups/multi/pts/search",
                    Map.of("data", List.of(Map.of("uri", d.photo(), "attribute", Map.of("pts", pts))), "groups", List.of("outage_f"))));
            calls.put("face.feature.add", d -> d.client().post(face + "/feature/add",
                    Map.of("features", List.of(Map.of("ID", "r1", "Value", d.feature())))));
            calls.put("face.feature.update", d -> d.client().post(face + "/feature/update",
                    Map.of("features", List.of(Map.of("ID", "r1", "Value", d.feature())))));
            calls.put("face.feature.search", d -> d.client().post(face + "/feature/search", Map.of("features", List.of(d.feature()))));
            calls.put("feature.versions", d -> d.client().get("/v1/face/group/feature"));
            calls.put("feature.version", d -> d.client().get("/v1/face/group/outage_f/feature"));
            calls.put("feature.upgrades", d -> d.client().get("/v1/face/group/feature/upgrade"));
            calls.put("feature.group_upgrades", d -> d.client().get("/v1/face/group/outage_f/feature/upgrade"));
            calls.put("feature.upgrade", d -> d.client().postEmpty("/v1/face/group/outage_f/feature/upgrade/v2"));
            calls.put("feature.rerun", d -> d.client().postEmpty("/v1/face/group/outage_f/feature/rerun"));
            calls.put("feature.check", d -> d.client().postEmpty("/v1/face/group/outage_f/feature/check"));
            // The legacy face and image APIs differ only in their kind and the plural they name entries by.
            for (String kind : List.of("face", "image")) {
                String legacy = "legacy." + kind;
                String entries = kind + "s";
                String groups = "/v1/" + kind + "/group/";
                String existing = kind.equals("face") ? "outage_f" : "outage_i";
                String made = kind.equals("face") ? "outage_n" : "outage_m";
                Function<Down, Map<String, Object>> item = d -> Map.of("uri", d.photo(), "attribute", Map.of("id", "l1"));
                calls.put(legacy + ".group.list", d -> d.client().get("/v1/" + kind + "/group"));
                calls.put(legacy + ".group." + entries, d -> d.client().get(groups + existing));
                calls.put(legacy + ".group.new", d -> d.client().post(groups + made + "/new", Map.of("data", List.of(item.apply(d)))));
                calls.put(legacy + ".add", d -> d.client().post(groups + existing + "/add", Map.of("data", List.of(item.apply(d)))));
                calls.put(legacy + ".delete", d -> d.client().post(groups + existing + "/delete", Map.of(entries, List.of("l1"))));
                calls.put(legacy + ".search", d -> d.client().post(groups + existing + "/search", Map.of("data", Map.of("uri", d.photo()))));
                calls.put(legacy + ".groups_search", d -> d.client().post("/v1/" + kind + "/groups/search",
                        Map.of("data", Map.of("uri", d.photo()), "params", Map.of("groups", List.of(existing)))));
                calls.put(legacy + ".group.remove", d -> d.client().postEmpty(groups + existing + "/remove"));
            }
            return Collections.unmodifiableMap(calls);
        }
    }

    @Test
    @Proves(dialect = "qiniu", code = "503", basis = Basis.EMULATOR_ONLY, section = SECTION, operationsOf = Calls.class)
    void anUnreachableStoreIsServiceUnavailableEverywhere() {
        try (DatabaseOutage outage = env.startOutage("polyface-qiniu-outage-", Duration.ofMillis(1000), Map.of())) {
            QiniuClient client = new QiniuClient(outage.url("qiniu"), Contract.load("qiniu"), Optional.empty());
            assertThat(client.post("/v1/face/groups/outage_f", GROUP).status()).as("face group made while up").isEqualTo(200);
            assertThat(client.post("/v1/image/groups/outage_i", GROUP).status()).as("image group made while up").isEqualTo(200);
            assertThat(client.post("/v1/face/groups/outage_t", GROUP).status()).as("target group made while up").isEqualTo(200);

            outage.stopDatabase();

            Down down = new Down(client, env.data(ANGELINA_1), base64(new float[512]));
            List<String> wrong = new ArrayList<>();
            Calls.CALLS.forEach((operation, call) -> {
                QiniuResponse response = call.apply(down);
                String said = response.json().has("code") ? response.json().path("message").asText("") : response.error();
                if (response.status() != 503 || !UNAVAILABLE.equals(said)) {
                    wrong.add(operation + " -> " + response.status() + " " + response.body());
                }
            });
            assertThat(wrong).as("operations not answering 503 %s while the store is down", UNAVAILABLE).isEmpty();
        }
    }
}
