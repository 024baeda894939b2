package io.polyface.conformance.facepass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 底库同步 and 底库同步状态查询. The document leaves the sync answer to Megvii's SDK; Polyface's stream
 * (README, contract) is what these tests read, so the stream's content is emulator-only, while the
 * version rules themselves are the document's.
 */
class FacepassSyncTest extends BaseFacepassTest {
    private static final String SYNC = "/api/service/sync/v1";

    record Stream(boolean replaceAll, String model, int dimension, List<Group> groups) {
    }

    record Group(String name, long id, long local, long cloud, int resultCode, long resultVersion, int mode,
            List<String> removed, List<String> added) {
    }

    static Stream decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).as("magic").isEqualTo("FPSY");
        assertThat(in.readUnsignedByte()).as("format").isEqualTo(1);
        boolean replaceAll = (in.readUnsignedByte() & 1) == 1;
        String model = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
        int dimension = in.readUnsignedShort();
        List<Group> groups = new ArrayList<>();
        for (int g = in.readInt(); g > 0; g--) {
            String name = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
            long id = in.readLong();
            long local = in.readLong();
            long cloud = in.readLong();
            int code = in.readUnsignedByte();
            long result = in.readLong();
            int mode = in.readUnsignedByte();
            List<String> removed = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                removed.add(new String(in.readNBytes(24), StandardCharsets.US_ASCII));
            }
            List<String> added = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                added.add(new String(in.readNBytes(24), StandardCharsets.US_ASCII));
                double norm = 0;
                for (int f = 0; f < dimension; f++) {
                    float v = in.readFloat();
                    norm += v * v;
                }
                assertThat(norm).as("a feature is a unit vector").isBetween(0.98, 1.02);
            }
            groups.add(new Group(name, id, local, cloud, code, result, mode, removed, added));
        }
        assertThat(in.read()).as("nothing after the last group").isEqualTo(-1);
        return new Stream(replaceAll, model, dimension, groups);
    }

    private static Group sync(String model, Map<String, Object> group) throws IOException {
        return syncAll(model, group).groups().getFirst();
    }

    private static Stream syncAll(String model, Map<String, Object> group) throws IOException {
        FacepassResponse response = env.client().postJson(SYNC, Map.of("info", Map.of("search_model", model, "version", "v1.0.0"),
                "groups", List.of(group)));
        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(200);
        assertThat(response.contentType()).as("content type").startsWith("application/octet-stream");
        return decode(response.body());
    }

    private static String model() {
        return env.client().get("/api/version/v1", Map.of()).data().path("detail").path("feature").asText();
    }

    private static void bind(String operation, String group, String token) {
        assertThat(env.client().binding(operation, group, token).code())
                .as(operation).isZero();
    }

    @Test
    @Proves(dialect = "facepass", operation = "sync", code = "0", basis = Basis.EMULATOR_ONLY,
            section = "底库同步 (version rules: full by name, nothing, increment, full when ahead, model change)")
    void theVersionRules() throws IOException {
        assumeFalse(env.external(), "the sync answer is Polyface's own stream");
        String model = model();
        String group = env.newGroup();
        String one = env.addFace(Photos.ANGELINA_1);
        String two = env.addFace(Photos.SCARLETT_1);
        String three = env.addFace(Photos.JENNIFER_1);
        bind("bind", group, one);
        bind("bind", group, two);

        Group full = sync(model, Map.of("group_name", group, "group_id", 0, "local_version", 0));
        assertThat(full.mode()).as("no group_id: in full").isEqualTo(2);
        assertThat(full.cloud()).as("version after create, bind, bind").isEqualTo(3);
        assertThat(full.added()).as("added").containsExactlyInAnyOrder(one, two);
        assertThat(full.resultCode()).as("result_code").isZero();
        assertThat(full.resultVersion()).as("result_version").isEqualTo(full.cloud());

        Group same = sync(model, Map.of("group_name", group, "group_id", full.id(), "local_version", 3));
        assertThat(same.mode()).as("same version: nothing").isZero();
        assertThat(same.added()).as("added").isEmpty();

        bind("unbind", group, one);
        bind("bind", group, three);
        Group delta = sync(model, Map.of("group_name", group, "group_id", full.id(), "local_version", 3));
        assertThat(delta.cloud()).as("unbind and bind raise the version").isEqualTo(5);
        assertThat(delta.mode()).as("incremental").isEqualTo(1);
        assertThat(delta.removed()).as("removed").containsExactly(one);
        assertThat(delta.added()).as("added").containsExactly(three);

        Group ahead = sync(model, Map.of("group_name", group, "group_id", full.id(), "local_version", 50));
        assertThat(ahead.mode()).as("a local version ahead is replaced").isEqualTo(2);
        assertThat(ahead.added()).as("added").containsExactlyInAnyOrder(two, three);

        Stream other = syncAll(model + "-other", Map.of("group_name", group, "group_id", full.id(), "local_version", 5));
        assertThat(other.replaceAll()).as("another search_model: replace everything").isTrue();
        assertThat(other.groups().getFirst().mode()).as("in full").isEqualTo(2);
        assertThat(other.dimension()).as("feature length").isPositive();

        assertThat(env.client().group("delete", group).code()).as("delete the group").isZero();
        Group gone = sync(model, Map.of("group_name", group, "group_id", full.id(), "local_version", 5));
        assertThat(gone.mode()).as("deleted on the server: keep the local copy").isEqualTo(3);
        assertThat(gone.cloud()).as("cloud_version of a missing group").isZero();
        assertThat(gone.resultVersion()).as("local version kept").isEqualTo(5);

        assertThat(env.client().group("create", group).code()).as("create it again").isZero();
        Group again = sync(model, Map.of("group_name", group, "local_version", 0));
        assertThat(again.id()).as("the same group_id").isEqualTo(full.id());
        assertThat(again.cloud()).as("version ++ after delete and create").isEqualTo(7);
    }

    @Test
    @Proves(dialect = "facepass", operation = "sync.status", code = "0", section = "底库同步状态查询")
    @Proves(dialect = "facepass", operation = "sync", code = "0", section = "底库同步 (recorded per device)")
    void statusShowsTheLastSyncOfThisDevice() {
        String group = env.newGroup();
        env.client().binding("bind", group, env.addFace(Photos.ID01_1));
        long before = System.currentTimeMillis();
        FacepassResponse synced = env.client().postJson(SYNC, Map.of("info", Map.of("search_model", "1017", "version", "v9.8.7"),
                "groups", List.of(Map.of("group_name", group, "local_version", 0))));
        assertThat(synced.httpStatus()).as("sync").isEqualTo(200);

        FacepassResponse status = env.client().get("/api/service/sync/v1/status", Map.of());
        assertThat(status.code()).as("code").isZero();
        JsonNode device = null;
        for (JsonNode candidate : status.data().path("devices")) {
            if (candidate.path("version").asText().equals("v9.8.7")) {
                device = candidate;
            }
        }
        assertThat(device).as("this client's entry").isNotNull();
        assertThat(device.path("ip").asText()).as("ip").isNotBlank();
        assertThat(device.path("sync_status").path("sync_time").asLong()).as("sync_time").isGreaterThanOrEqualTo(before - 60_000);
        assertThat(device.path("sync_status").path("info").path("search_model").asText()).as("search_model").isEqualTo("1017");
        JsonNode entry = device.path("groups").get(0);
        assertThat(entry.path("group_name").asText()).as("group_name").isEqualTo(group);
        assertThat(entry.path("cloud_version").asLong()).as("cloud_version").isEqualTo(2);
        assertThat(entry.path("result_code").asInt()).as("result_code").isZero();
        assertThat(entry.path("result_version").asLong()).as("result_version").isEqualTo(2);
        assertThat(entry.path("result").path("facetoken_added").asInt()).as("facetoken_added").isEqualTo(1);
        assertThat(entry.path("result").path("facetoken_deleted").asInt()).as("facetoken_deleted").isZero();
    }

    @Test
    @Proves(dialect = "facepass", operation = "sync", code = "104000", section = "通用错误码")
    @Proves(dialect = "facepass", operation = "sync", code = "104001", section = "通用错误码")
    @Proves(dialect = "facepass", operation = "sync", code = "104002", section = "通用错误码")
    void badRequests() {
        FacepassResponse broken = env.client().send("POST", SYNC, "application/json", "{\"info\":".getBytes(StandardCharsets.UTF_8));
        broken.assertRefused("broken JSON", "ILLEGAL_JSON_BODY");
        assertThat(env.client().postJson(SYNC, Map.of("groups", List.of())).message()).as("no info").isEqualTo("MISSING_ARGUMENT: info");
        assertThat(env.client().postJson(SYNC, Map.of("info", Map.of("search_model", "m", "version", "v"),
                "groups", List.of(Map.of("group_name", "group_a", "local_version", "one")))).message()).as("local_version a string")
                .isEqualTo("ILLEGAL_ARGUMENT: local_version");
    }
}
