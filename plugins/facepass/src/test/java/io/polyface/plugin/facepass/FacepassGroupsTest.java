package io.polyface.plugin.facepass;

import static io.polyface.plugin.facepass.FacepassFixture.face;
import static io.polyface.plugin.facepass.FacepassFixture.image;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.plugin.facepass.FacepassFixture.Answer;
import io.polyface.plugin.facepass.FacepassFixture.Multipart;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.engine.ForwardingFaceEngine;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Groups, bind and unbind, and device sync with its versions. */
class FacepassGroupsTest {
    /** What another client does the next time a sync reads a face's feature, once. */
    private Runnable duringTheNextFeatureRead = () -> { };
    private final FacepassFixture fixture = new FacepassFixture(Map.of(), engine -> new ForwardingFaceEngine() {
        @Override
        protected FaceEngine delegate() {
            return engine;
        }

        @Override
        public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
            Runnable once = duringTheNextFeatureRead;
            duringTheNextFeatureRead = () -> { };
            once.run();
            return super.embedding(ref, faceId);
        }
    });
    private int seed;

    private String addFace(float... vector) {
        byte[] photo = image("png", 300, 300, ++seed);
        fixture.engine.faces(photo, face(new BoundingBox(50, 50, 150, 150), vector, 0, 0.05, 0.9));
        Answer added = fixture.multipart("/api/face/v1/add", new Multipart().file("image", "f.png", photo));
        assertThat(added.code()).isZero();
        return added.data().path("face_token").asText();
    }

    private Answer group(String operation, String name) {
        return fixture.json("/api/group/v1/" + operation, "{\"group_name\":\"" + name + "\"}");
    }

    private Answer binding(String operation, String name, String token) {
        return fixture.json("/api/group/v1/" + operation, "{\"group_name\":\"" + name + "\",\"face_token\":\"" + token + "\"}");
    }

    @Test
    void groupLifecycleWithTheDocumentedCodes() {
        assertThat(group("create", "group_a").code()).isZero();
        assertThat(group("create", "group_a").code()).isEqualTo(104300);
        assertThat(group("create", "abc").message()).isEqualTo("ILLEGAL_ARGUMENT: group_name");
        assertThat(group("create", "a-b-c-d").message()).isEqualTo("ILLEGAL_ARGUMENT: group_name");
        assertThat(group("create", "x".repeat(17)).code()).isEqualTo(104001);
        assertThat(group("create", "group_b").code()).isZero();
        assertThat(fixture.get("/api/group/v1/list", Map.of()).data().path("groups").toString())
                .isEqualTo("[\"group_a\",\"group_b\"]");

        String token = addFace(1, 0, 0);
        assertThat(binding("bind", "group_a", token).code()).isZero();
        assertThat(binding("bind", "group_a", token).code()).as("a repeat bind is not an error").isZero();
        assertThat(binding("bind", "nogroup", token).code()).isEqualTo(104301);
        Answer query = group("query", "group_a");
        assertThat(query.data().path("group_name").asText()).isEqualTo("group_a");
        assertThat(query.data().path("faces").toString()).isEqualTo("[\"" + token + "\"]");
        assertThat(group("query", "group_b").data().path("faces").toString()).isEqualTo("[]");

        assertThat(binding("unbind", "group_b", token).code()).isEqualTo(104303);
        assertThat(binding("unbind", "group_a", token).code()).isZero();
        assertThat(binding("unbind", "group_a", token).code()).isEqualTo(104303);
        assertThat(fixture.json("/api/group/v1/bind", "{\"group_name\":\"group_a\"}").message())
                .isEqualTo("MISSING_ARGUMENT: face_token");
        assertThat(fixture.json("/api/group/v1/bind", "{}").message()).isEqualTo("MISSING_ARGUMENT: group_name,face_token");

        assertThat(group("delete", "group_a").code()).isZero();
        assertThat(group("delete", "group_a").code()).isEqualTo(104301);
        assertThat(group("query", "group_a").code()).isEqualTo(104301);
        assertThat(fixture.get("/api/group/v1/list", Map.of()).data().path("groups").toString()).isEqualTo("[\"group_b\"]");
    }

    @Test
    void groupQueryListsFacesBeforeGroupName() {
        group("create", "group_a");
        String token = addFace(1, 0, 0);
        binding("bind", "group_a", token);

        String text = group("query", "group_a").text();

        assertThat(text.indexOf("\"faces\"")).isPositive().isLessThan(text.indexOf("\"group_name\""));
        assertThat(text).contains("\"data\": {\n    \"faces\": [\n      \"" + token + "\"\n    ],\n    \"group_name\": \"group_a\"\n  }");
    }

    @Test
    void wellFormedTokensThatNameNothingGetTheOperationsNotExistCode() {
        group("create", "group_a");
        String example = "GKBj9-19tIjsUVdZQ4eZqQ==";
        assertThat(binding("bind", "group_a", example).message()).isEqualTo("FACE_TOKEN_NOT_EXIST");
        assertThat(binding("unbind", "group_a", example).message()).isEqualTo("GROUP_BINDING_NOT_EXIST");
        assertThat(binding("bind", "group_a", "GKBj9-19tIjsUVdZQ4eZqQ").message()).isEqualTo("ILLEGAL_ARGUMENT: face_token");
        assertThat(binding("unbind", "group_a", "GKBj9-19tIjsUVdZQ4eZqQ").message()).isEqualTo("ILLEGAL_ARGUMENT: face_token");
    }

    @Test
    void deletingAFaceUnbindsItEverywhere() {
        group("create", "group_a");
        group("create", "group_b");
        String token = addFace(1, 0, 0);
        binding("bind", "group_a", token);
        binding("bind", "group_b", token);

        assertThat(fixture.json("/api/face/v1/delete", "{\"face_token\":\"" + token + "\"}").code()).isZero();

        assertThat(group("query", "group_a").data().path("faces").size()).isZero();
        assertThat(group("query", "group_b").data().path("faces").size()).isZero();
        assertThat(binding("bind", "group_a", token).code()).isEqualTo(104202);
    }

    /** The sync stream decoded as README documents it. */
    record Stream(boolean replaceAll, String model, int dimension, List<Group> groups) {
    }

    record Group(String name, long id, long local, long cloud, int resultCode, long resultVersion, int mode,
            List<String> removed, List<String> added) {
    }

    static Stream decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        byte[] magic = in.readNBytes(4);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("FPSY");
        assertThat(in.readUnsignedByte()).isEqualTo(1);
        boolean replaceAll = (in.readUnsignedByte() & 1) == 1;
        String model = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
        int dimension = in.readUnsignedShort();
        int count = in.readInt();
        List<Group> groups = new ArrayList<>();
        for (int g = 0; g < count; g++) {
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
                for (int f = 0; f < dimension; f++) {
                    in.readFloat();
                }
            }
            groups.add(new Group(name, id, local, cloud, code, result, mode, removed, added));
        }
        assertThat(in.read()).as("nothing after the last group").isEqualTo(-1);
        return new Stream(replaceAll, model, dimension, groups);
    }

    private Stream sync(String model, String groupsJson, String ip) throws IOException {
        Answer answer = fixture.send("POST", "/api/service/sync/v1", Map.of(), Map.of(),
                ("{\"info\":{\"search_model\":\"" + model + "\",\"version\":\"v1.0.0\"},\"groups\":" + groupsJson + "}")
                        .getBytes(StandardCharsets.UTF_8), Optional.of(ip));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.response().contentType()).isEqualTo("application/octet-stream");
        return decode(answer.response().body());
    }

    @Test
    void syncFollowsTheVersionRules() throws IOException {
        String model = FacepassFixture.VERSION;
        group("create", "group_a");
        String one = addFace(1, 0, 0);
        String two = addFace(0, 1, 0);
        String three = addFace(0, 0, 1);
        binding("bind", "group_a", one);
        binding("bind", "group_a", two);

        // no group_id: everything, by name
        Group full = sync(model, "[{\"group_name\":\"group_a\",\"group_id\":0,\"local_version\":0}]", "10.0.0.7").groups().getFirst();
        assertThat(full.mode()).isEqualTo(2);
        assertThat(full.cloud()).as("create, bind, bind").isEqualTo(3);
        assertThat(full.added()).containsExactlyInAnyOrder(one, two);
        assertThat(full.id()).isPositive();

        // same version: nothing
        Group same = sync(model, "[{\"group_name\":\"group_a\",\"group_id\":" + full.id() + ",\"local_version\":3}]", "10.0.0.7")
                .groups().getFirst();
        assertThat(same.mode()).isZero();
        assertThat(same.added()).isEmpty();

        // two changes later: only what changed
        binding("unbind", "group_a", one);
        binding("bind", "group_a", three);
        Group delta = sync(model, "[{\"group_name\":\"group_a\",\"group_id\":" + full.id() + ",\"local_version\":3}]", "10.0.0.7")
                .groups().getFirst();
        assertThat(delta.mode()).isEqualTo(1);
        assertThat(delta.cloud()).isEqualTo(5);
        assertThat(delta.removed()).containsExactly(one);
        assertThat(delta.added()).containsExactly(three);

        // a local version ahead of the cloud: replaced in full
        Group ahead = sync(model, "[{\"group_name\":\"group_a\",\"group_id\":" + full.id() + ",\"local_version\":9}]", "10.0.0.7")
                .groups().getFirst();
        assertThat(ahead.mode()).isEqualTo(2);
        assertThat(ahead.added()).containsExactlyInAnyOrder(two, three);

        // another model: drop everything, take everything
        Stream other = sync("1017", "[{\"group_name\":\"group_a\",\"group_id\":" + full.id() + ",\"local_version\":5}]", "10.0.0.8");
        assertThat(other.replaceAll()).isTrue();
        assertThat(other.model()).isEqualTo(model);
        assertThat(other.dimension()).isEqualTo(3);
        assertThat(other.groups().getFirst().mode()).isEqualTo(2);

        // deleted on the server: nothing to do, the local copy is kept
        group("delete", "group_a");
        Group gone = sync(model, "[{\"group_name\":\"group_a\",\"group_id\":" + full.id() + ",\"local_version\":5}]", "10.0.0.7")
                .groups().getFirst();
        assertThat(gone.mode()).isEqualTo(3);
        assertThat(gone.resultCode()).isEqualTo(1);
        assertThat(gone.cloud()).isZero();
        assertThat(gone.resultVersion()).isEqualTo(5);

        // created again: the same id, the version counts on (delete = 6, create = 7)
        group("create", "group_a");
        Group again = sync(model, "[{\"group_name\":\"group_a\",\"group_id\":" + full.id() + ",\"local_version\":5}]", "10.0.0.7")
                .groups().getFirst();
        assertThat(again.id()).isEqualTo(full.id());
        assertThat(again.cloud()).isEqualTo(7);
        assertThat(again.mode()).as("a create in between: in full").isEqualTo(2);
        assertThat(again.added()).isEmpty();
    }

    @Test
    void aGroupDeletedWhileADeviceSyncsItIsAbsentAsIfItHadGoneBefore() throws IOException {
        group("create", "group_a");
        binding("bind", "group_a", addFace(1, 0, 0));
        duringTheNextFeatureRead = () -> assertThat(group("delete", "group_a").code()).isZero();

        Group gone = sync(FacepassFixture.VERSION, "[{\"group_name\":\"group_a\",\"local_version\":2}]", "10.0.0.9")
                .groups().getFirst();

        assertThat(gone.mode()).as("absent: the device keeps its copy").isEqualTo(3);
        assertThat(gone.resultCode()).isEqualTo(1);
        assertThat(gone.resultVersion()).isEqualTo(2);
    }

    @Test
    void syncStatusListsEachDeviceByAddress() throws IOException {
        group("create", "group_a");
        binding("bind", "group_a", addFace(1, 0, 0));
        sync(FacepassFixture.VERSION, "[{\"group_name\":\"group_a\",\"local_version\":0}]", "192.168.0.1");
        sync(FacepassFixture.VERSION, "[{\"group_name\":\"missing_g\",\"local_version\":4}]", "192.168.0.2");

        Answer status = fixture.get("/api/service/sync/v1/status", Map.of());

        assertThat(status.data().path("devices").size()).isEqualTo(2);
        var first = status.data().path("devices").get(0);
        assertThat(first.path("ip").asText()).isEqualTo("192.168.0.1");
        assertThat(first.path("version").asText()).isEqualTo("v1.0.0");
        assertThat(first.path("sync_status").path("info").path("search_model").asText()).isEqualTo(FacepassFixture.VERSION);
        assertThat(first.path("sync_status").path("sync_time").asLong()).isPositive();
        var group = first.path("groups").get(0);
        assertThat(group.path("cloud_version").asLong()).isEqualTo(2);
        assertThat(group.path("result_code").asInt()).isZero();
        assertThat(group.path("result_version").asLong()).isEqualTo(2);
        assertThat(group.path("result").path("facetoken_added").asInt()).isEqualTo(1);
        assertThat(group.path("result").path("facetoken_deleted").asInt()).isZero();
        var second = status.data().path("devices").get(1).path("groups").get(0);
        assertThat(second.path("cloud_version").asLong()).isZero();
        assertThat(second.path("result_code").asInt()).isEqualTo(1);
        assertThat(second.path("result_version").asLong()).isEqualTo(4);
    }

    @Test
    void badSyncRequestsGetTheCommonCodes() {
        assertThat(fixture.json("/api/service/sync/v1", "[1]").code()).isEqualTo(104000);
        assertThat(fixture.json("/api/service/sync/v1", "{\"groups\":[]}").message()).isEqualTo("MISSING_ARGUMENT: info");
        assertThat(fixture.json("/api/service/sync/v1", "{\"info\":{\"search_model\":\"m\",\"version\":\"v\"},\"groups\":"
                + "[{\"group_name\":\"group_a\",\"local_version\":\"x\"}]}").message()).isEqualTo("ILLEGAL_ARGUMENT: local_version");
    }
}
