package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.Photos.ANGELINA_PROBE;
import static io.polyface.conformance.Photos.JENNIFER_1;
import static io.polyface.conformance.Photos.NO_FACE;
import static io.polyface.conformance.Photos.SCARLETT_1;
import static io.polyface.conformance.Photos.SCARLETT_PROBE;
import static io.polyface.conformance.Photos.TWO_FACES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.Proves;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Qiniu's older API generation, {@code /v1/face/group/...} and {@code /v1/image/group/...}, as its
 * public server code (argus/feature_group/faceg and imageg) answers: the requests its scripts and
 * tools send, end to end, with real photos; its 400/406 texts; and one store with the current
 * generation (a group made here is the group {@code /v1/face/groups/<id>} shows).
 */
class QiniuLegacyApiTest extends BaseQiniuTest {
    static final String FACES = "argus/feature_group/faceg/service.go";
    static final String IMAGES = "argus/feature_group/imageg/service.go";

    private static QiniuResponse post(String path, Object body) {
        return env.client().post(path, body);
    }

    private static QiniuResponse postJson(String path, String json) {
        return env.client().send("POST", path, json.getBytes(StandardCharsets.UTF_8), Optional.of("application/json"));
    }

    private static Map<String, Object> item(String uri, Map<String, Object> attribute) {
        return Map.of("uri", uri, "attribute", attribute);
    }

    private static void assertOk(QiniuResponse response) {
        assertThat(response.status()).as(response.exchange().describe()).isEqualTo(200);
    }

    @Test
    @Proves(dialect = "qiniu", code = "200", basis = Basis.OBSERVED, section = IMAGES, operation = {"legacy.image.group.new",
            "legacy.image.add", "legacy.image.search", "legacy.image.groups_search", "legacy.image.group.images", "legacy.image.group.list",
            "legacy.image.delete", "legacy.image.group.remove"})
    void anImageGroupScriptRunsEndToEnd() throws NoSuchAlgorithmException {
        assumeFalse(env.external(), "one image is fetched from the suite's own loopback");
        String group = env.track("image", env.name("oldimg"));
        String base = "/v1/image/group/" + group;
        QiniuResponse made = post(base + "/new", Map.of("data", List.of(
                item(env.data(ANGELINA_1), Map.of("id", "angelina", "label", "actor", "desc", Map.of("n", 1))))));
        assertOk(made);
        assertThat(made.strings("/images")).containsExactly("angelina");
        assertThat(made.json().path("errors").toString()).isEqualTo("[null]");

        QiniuResponse added = post(base + "/add", Map.of("data", List.of(
                item(env.url(SCARLETT_1), Map.of("id", "scarlett", "label", "actress")),
                item(env.data(JENNIFER_1), Map.of("label", "actress")))));
        assertOk(added);
        assertThat(added.json().at("/images/0").asText()).isEqualTo("scarlett");
        assertThat(added.json().at("/images/1").asText()).as("an id is made when none is given").isNotEmpty();
        assertThat(added.json().path("errors").toString()).isEqualTo("[null,null]");

        QiniuResponse found = post(base + "/search", Map.of("data", Map.of("uri", env.data(SCARLETT_1)), "params", Map.of("limit", 2)));
        assertOk(found);
        assertThat(found.json().path("code").asInt()).isZero();
        assertThat(found.json().path("message").asText()).isEmpty();
        JsonNode best = found.json().at("/result/0");
        assertThat(best.path("id").asText()).isEqualTo("scarlett");
        assertThat(best.path("label").asText()).isEqualTo("actress");
        assertThat(best.path("uri").asText()).as("a URL is kept as the image's uri").isEqualTo(env.url(SCARLETT_1));
        assertThat(best.path("etag").asText()).isEmpty();
        assertThat(best.path("score").asDouble()).isEqualTo(1.0);
        assertThat(best.has("group")).as("the single-group answer names no group").isFalse();

        JsonNode listed = env.client().get(base).json().path("result");
        assertThat(listed).hasSize(3);
        JsonNode angelina = find(listed, "angelina");
        assertThat(angelina.at("/value/label").asText()).isEqualTo("actor");
        assertThat(angelina.at("/value/uri").asText()).as("an octet-stream data URI is not kept").isEmpty();
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(env.faces().bytes(ANGELINA_1));
        String etag = angelina.at("/value/etag").asText();
        assertThat(etag).as("Go's hex.Dump of the SHA-1").matches("(?s)00000000  ([0-9a-f]{2} ){8} ([0-9a-f]{2} ){8} \\|.{16}\\|\n"
                + "00000010  ([0-9a-f]{2} ){4} {38}\\|.{4}\\|\n");
        assertThat(etag.replaceAll("(?m)^[0-9a-f]{8} |\\|.*\\|$|\\s", "")).isEqualTo(HexFormat.of().formatHex(sha1));
        assertThat(env.client().get("/v1/image/group").strings("/result")).contains(group);

        QiniuResponse everywhere = post("/v1/image/groups/search", Map.of("data", Map.of("uri", env.data(ANGELINA_1)),
                "params", Map.of("groups", List.of(group), "limit", 5, "threshold", 0.5)));
        assertOk(everywhere);
        assertThat(everywhere.json().at("/result/0/id").asText()).isEqualTo("angelina");
        assertThat(everywhere.json().at("/result/0/group").asText()).isEqualTo(group);
        assertThat(everywhere.json().at("/result/0/desc/n").asInt()).isEqualTo(1);
        assertThat(env.client().get("/v1/image/groups/" + group).json().path("count").asInt())
                .as("the current generation sees the same group").isEqualTo(3);

        QiniuResponse deleted = post(base + "/delete", Map.of("images", List.of("scarlett", "nope")));
        assertOk(deleted);
        assertThat(deleted.exchange().responseBody()).isEqualTo("{}");
        assertThat(env.client().get(base).json().path("result").findValuesAsText("id")).doesNotContain("scarlett").hasSize(2);

        QiniuResponse removed = env.client().postEmpty(base + "/remove");
        assertOk(removed);
        assertThat(removed.exchange().responseBody()).isEqualTo("{}");
        assertThat(env.client().get("/v1/image/group").strings("/result")).doesNotContain(group);
        env.client().get(base).assertError(400, "group " + group + " not exists");
    }

    private static JsonNode find(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no item " + id + " in " + items);
    }

    @Test
    @Proves(dialect = "qiniu", code = "200", basis = Basis.OBSERVED, section = FACES, operation = {"legacy.face.group.new",
            "legacy.face.add", "legacy.face.groups_search", "legacy.face.search", "legacy.face.group.list", "legacy.face.group.faces",
            "legacy.face.delete", "legacy.face.group.remove"})
    void aFaceGroupScriptSearchesTwoGroupsAtOnce() {
        String actors = env.track("face", env.name("olda"));
        String actresses = env.track("face", env.name("oldb"));
        QiniuResponse made = post("/v1/face/group/" + actors + "/new", Map.of("data", List.of(
                item(env.data(ANGELINA_1), Map.of("id", "a1", "name", "angelina", "desc", Map.of("n", "a1"))))));
        assertOk(made);
        assertThat(made.strings("/faces")).containsExactly("a1");
        assertThat(made.json().at("/attributes/0/bounding_box/pts")).hasSize(4);
        assertThat(made.json().at("/attributes/0/bounding_box/score").asDouble()).isBetween(0.5, 1.0);
        assertThat(made.json().path("errors").toString()).isEqualTo("[null]");
        assertOk(post("/v1/face/group/" + actresses + "/new", Map.of("data", List.of(item(env.data(SCARLETT_1), Map.of("id", "s1", "name", "scarlett"))))));
        QiniuResponse added = post("/v1/face/group/" + actors + "/add", Map.of("data", List.of(item(env.data(JENNIFER_1), Map.of("name", "jennifer")))));
        assertOk(added);
        String jennifer = added.json().at("/faces/0").asText();
        assertThat(jennifer).as("an id is made when none is given").isNotEmpty();

        // Several groups: params.groups of POST /v1/face/groups/search (the source has no comma-separated form).
        QiniuResponse both = post("/v1/face/groups/search", Map.of("data", Map.of("uri", env.data(ANGELINA_PROBE)),
                "params", Map.of("groups", List.of(actors, actresses), "limit", 5)));
        assertOk(both);
        JsonNode face = both.json().at("/result/faces/0");
        assertThat(face.at("/bounding_box/pts")).hasSize(4);
        assertThat(face.at("/faces/0/id").asText()).isEqualTo("a1");
        assertThat(face.at("/faces/0/name").asText()).isEqualTo("angelina");
        assertThat(face.at("/faces/0/group").asText()).isEqualTo(actors);
        assertThat(face.at("/faces/0/desc/n").asText()).isEqualTo("a1");
        assertThat(face.at("/faces/0/review").asBoolean(true)).isFalse();
        assertThat(face.path("faces").findValuesAsText("score")).allSatisfy(s -> assertThat(Double.parseDouble(s)).isGreaterThanOrEqualTo(0.45));
        JsonNode other = post("/v1/face/groups/search", Map.of("data", Map.of("uri", env.data(SCARLETT_PROBE)),
                "params", Map.of("groups", List.of(actors, actresses)))).json().at("/result/faces/0/faces");
        assertThat(other).as("limit 0 is 1").hasSize(1);
        assertThat(other.at("/0/group").asText()).isEqualTo(actresses);

        QiniuResponse single = post("/v1/face/group/" + actors + "/search", Map.of("data", Map.of("uri", env.data(ANGELINA_PROBE))));
        assertOk(single);
        assertThat(single.json().at("/result/detections/0/value/id").asText()).isEqualTo("a1");
        assertThat(single.json().at("/result/detections/0/value/boundingBox/pts")).hasSize(4);
        JsonNode none = post("/v1/face/group/" + actresses + "/search", Map.of("data", Map.of("uri", env.data(ANGELINA_PROBE))))
                .json().at("/result/detections/0/value");
        assertThat(none.toString()).as("no match: Go's zero value")
                .isEqualTo("{\"boundingBox\":{\"pts\":null,\"score\":0},\"name\":\"\",\"id\":\"\",\"score\":0,\"review\":false}");
        JsonNode faceless = post("/v1/face/group/" + actors + "/search", Map.of("data", Map.of("uri", env.data(NO_FACE)))).json();
        assertThat(faceless.path("message").asText()).isEqualTo("No valid face info detected");
        assertThat(faceless.at("/result/detections")).isEmpty();

        assertThat(env.client().get("/v1/face/group").strings("/result")).contains(actors, actresses);
        JsonNode listed = env.client().get("/v1/face/group/" + actors).json().path("result");
        assertThat(listed.findValuesAsText("id")).containsExactlyInAnyOrder("a1", jennifer);
        assertThat(find(listed, "a1").at("/value/name").asText()).isEqualTo("angelina");
        assertThat(env.client().get("/v1/face/groups/" + actors).json().path("count").asInt())
                .as("the current generation sees the same group").isEqualTo(2);
        assertThat(env.client().post("/v1/face/groups/" + actors + "/search", Map.of("images", List.of(env.data(ANGELINA_PROBE))))
                .json().at("/search_results/0/faces/0/faces/0/tag").asText()).as("a name is the current generation's tag").isEqualTo("angelina");

        QiniuResponse deleted = post("/v1/face/group/" + actors + "/delete", Map.of("faces", List.of("a1", "nope")));
        assertOk(deleted);
        assertThat(deleted.exchange().responseBody()).isEqualTo("{}");
        assertThat(env.client().get("/v1/face/group/" + actors).json().path("result").findValuesAsText("id")).containsExactly(jennifer);
        QiniuResponse removed = env.client().postEmpty("/v1/face/group/" + actresses + "/remove");
        assertOk(removed);
        assertThat(removed.exchange().responseBody()).isEqualTo("{}");
        assertThat(env.client().get("/v1/face/group").strings("/result")).doesNotContain(actresses);
        assertThat(env.client().postEmpty("/v1/face/group/" + actresses + "/remove").status())
                .as("removing a group that is not there is 200 too").isEqualTo(200);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "legacy.face.search", code = "400", basis = Basis.OBSERVED, section = FACES)
    void commaSeparatedIdsNameOneGroupAsInTheSource() {
        String a = env.track("face", env.name("comma"));
        assertOk(post("/v1/face/group/" + a + "/new", Map.of()));
        String both = a + "," + a;
        post("/v1/face/group/" + both + "/search", Map.of("data", Map.of("uri", env.data(ANGELINA_PROBE)))).assertError(400, "group " + both + " not exists");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "legacy.face.group.new", code = "400", basis = Basis.OBSERVED, section = FACES)
    @Proves(dialect = "qiniu", operation = "legacy.image.group.new", code = "400", basis = Basis.OBSERVED, section = IMAGES)
    void newOnAGroupThatExistsIs400AndAddsNothing() {
        String faces = env.newFaceGroup();
        String images = env.newImageGroup();
        Map<String, Object> oneFace = Map.of("data", List.of(item(env.data(ANGELINA_1), Map.of("id", "x"))));
        post("/v1/face/group/" + faces + "/new", oneFace).assertError(400, "group already exists");
        post("/v1/image/group/" + images + "/new", oneFace).assertError(400, "group already exists");
        assertThat(env.client().get("/v1/face/group/" + faces).json().path("result").isNull()).as("nothing added").isTrue();
        assertThat(env.client().get("/v1/image/group/" + images).json().path("result").isNull()).as("nothing added").isTrue();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "legacy.face.group.faces", code = "400", basis = Basis.OBSERVED, section = FACES)
    @Proves(dialect = "qiniu", operation = "legacy.face.add", code = "400", basis = Basis.OBSERVED, section = FACES)
    @Proves(dialect = "qiniu", operation = "legacy.face.delete", code = "400", basis = Basis.OBSERVED, section = FACES)
    @Proves(dialect = "qiniu", operation = "legacy.face.groups_search", code = "400", basis = Basis.OBSERVED, section = FACES)
    @Proves(dialect = "qiniu", code = "400", basis = Basis.OBSERVED, section = IMAGES, operation = {"legacy.image.group.images",
            "legacy.image.add", "legacy.image.delete", "legacy.image.search", "legacy.image.groups_search"})
    void aGroupThatDoesNotExistIs400GroupNotExists() {
        String missing = env.name("missing");
        String notExists = "group " + missing + " not exists";
        Map<String, Object> search = Map.of("data", Map.of("uri", env.data(ANGELINA_1)), "params", Map.of("groups", List.of(missing)));
        SoftAssertions soft = new SoftAssertions();
        for (String kind : List.of("face", "image")) {
            String base = "/v1/" + kind + "/group/" + missing;
            for (QiniuResponse response : List.of(env.client().get(base),
                    post(base + "/add", Map.of("data", List.of(item(env.data(ANGELINA_1), Map.of())))), post(base + "/delete", Map.of()),
                    post(base + "/search", search), post("/v1/" + kind + "/groups/search", search))) {
                response.assertError(soft, 400, notExists);
            }
        }
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "legacy.face.search", code = "406", basis = Basis.OBSERVED, section = FACES)
    @Proves(dialect = "qiniu", operation = "legacy.face.groups_search", code = "406", basis = Basis.OBSERVED, section = FACES)
    @Proves(dialect = "qiniu", operation = "legacy.image.search", code = "406", basis = Basis.OBSERVED, section = IMAGES)
    @Proves(dialect = "qiniu", operation = "legacy.image.groups_search", code = "406", basis = Basis.OBSERVED, section = IMAGES)
    void searchesRefuseWith406BeforeLookingAtAGroup() {
        String missing = env.name("missing");
        String uri = env.data(ANGELINA_1);
        SoftAssertions soft = new SoftAssertions();
        for (String kind : List.of("face", "image")) {
            String multi = "/v1/" + kind + "/groups/search";
            Map<String, Object> refusals = Map.of(
                    "no enough arguments provided", Map.of("data", Map.of("uri", " "), "params", Map.of("groups", List.of(missing))),
                    "invalid limit, maximal allowed limit is 10000", Map.of("data", Map.of("uri", uri),
                            "params", Map.of("groups", List.of(missing), "limit", 10001)),
                    "invalid threshold", Map.of("data", Map.of("uri", uri), "params", Map.of("groups", List.of(missing), "threshold", 1.5)),
                    "groups is empty", Map.of("data", Map.of("uri", uri), "params", Map.of("groups", List.of())),
                    "cannot search in more than 5 groups at one time", Map.of("data", Map.of("uri", uri),
                            "params", Map.of("groups", List.of("g1", "g2", "g3", "g4", "g5", "g6", "g1"))));
            refusals.forEach((message, body) -> {
                post(multi, body).assertError(soft, 406, message);
            });
            post("/v1/" + kind + "/group/" + missing + "/search", Map.of()).assertError(soft, 406, "no enough arguments provided");
        }
        post("/v1/image/group/" + missing + "/search", Map.of("data", Map.of("uri", uri), "params", Map.of("limit", 10001)))
                .assertError(soft, 406, "invalid limit, maximal allowed limit is 10000");
        soft.assertThat(post("/v1/face/groups/search", Map.of("data", Map.of("uri", uri),
                "params", Map.of("groups", List.of("g1", "g2", "g3", "g4", "g5", "g1")))).error())
                .as("repeated groups count once").isEqualTo("group g1 not exists");
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "legacy.image.search", code = "200", basis = Basis.OBSERVED, section = IMAGES)
    @Proves(dialect = "qiniu", operation = "legacy.image.groups_search", code = "200", basis = Basis.OBSERVED, section = IMAGES)
    void limitZeroIsOneAndANegativeLimitIsEveryMatch() {
        String group = env.track("image", env.name("limits"));
        String photo = env.data(SCARLETT_1);
        assertOk(post("/v1/image/group/" + group + "/new", Map.of("data", List.of(
                item(photo, Map.of("id", "c1")), item(photo, Map.of("id", "c2")), item(photo, Map.of("id", "c3"))))));
        String single = "/v1/image/group/" + group + "/search";
        assertThat(post(single, Map.of("data", Map.of("uri", photo))).json().path("result")).hasSize(1);
        assertThat(post(single, Map.of("data", Map.of("uri", photo), "params", Map.of("limit", 2))).json().path("result")).hasSize(2);
        assertThat(post(single, Map.of("data", Map.of("uri", photo), "params", Map.of("limit", -1))).json().path("result")).hasSize(3);
        JsonNode nothing = post(single, Map.of("data", Map.of("uri", env.data(TWO_FACES)))).json();
        assertThat(nothing.path("result").toString()).as("the single-group answer: []").isEqualTo("[]");
        Map<String, Object> elsewhere = Map.of("data", Map.of("uri", env.data(TWO_FACES)), "params", Map.of("groups", List.of(group)));
        assertThat(post("/v1/image/groups/search", elsewhere).json().path("result").isNull()).as("the multi-group answer: null").isTrue();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "legacy.face.add", code = "200", basis = Basis.OBSERVED, section = FACES + ", face_check.go")
    @Proves(dialect = "qiniu", operation = "legacy.image.add", code = "200", basis = Basis.OBSERVED, section = IMAGES)
    void eachImageOfAnAddGetsItsIdOrItsError() {
        String faces = env.newFaceGroup();
        String desc = "x".repeat(4100);
        QiniuResponse added = post("/v1/face/group/" + faces + "/add", Map.of("data", List.of(
                item(env.data(ANGELINA_1), Map.of("id", "ok")),
                item(env.data(NO_FACE), Map.of()),
                item(env.data(TWO_FACES), Map.of()),
                item(env.data(TWO_FACES), Map.of("id", "largest", "mode", "LARGEST")),
                item(env.data(SCARLETT_1), Map.of("id", "ok")),
                item(env.data(SCARLETT_1), Map.of("desc", desc)),
                item("ftp://example.com/a.jpg", Map.of()))));
        assertOk(added);
        assertThat(added.strings("/faces")).containsExactly("ok", "", "", "largest", "", "", "");
        JsonNode attributes = added.json().path("attributes");
        assertThat(attributes.get(0).at("/bounding_box/pts")).hasSize(4);
        assertThat(attributes.get(1).isNull()).isTrue();
        JsonNode errors = added.json().path("errors");
        assertThat(errors.get(0).isNull()).isTrue();
        assertThat(errors.get(1).toString()).isEqualTo("{\"code\":400,\"message\":\"not face detected\"}");
        assertThat(errors.get(2).toString()).isEqualTo("{\"code\":400,\"message\":\"multiple face detected\"}");
        assertThat(errors.get(3).isNull()).isTrue();
        assertThat(errors.get(4).toString()).isEqualTo("{\"code\":400,\"message\":\"id already exists\"}");
        assertThat(errors.get(5).toString()).isEqualTo("{\"code\":406,\"message\":\"desc too long\"}");
        assertThat(errors.get(6).path("code").asInt()).isEqualTo(400);
        assertThat(errors.get(6).path("message").asText()).contains("ftp");

        String images = env.newImageGroup();
        QiniuResponse imaged = post("/v1/image/group/" + images + "/add", Map.of("data", List.of(
                item(env.data(ANGELINA_1), Map.of("id", "ok")),
                item(env.data(SCARLETT_1), Map.of("id", "ok")),
                item(env.data(SCARLETT_1), Map.of("desc", desc)),
                item("data:application/octet-stream;base64,aGVsbG8=", Map.of()))));
        assertOk(imaged);
        assertThat(imaged.strings("/images")).containsExactly("ok", "", "", "");
        assertThat(imaged.json().at("/errors/1").toString()).isEqualTo("{\"code\":400,\"message\":\"id already exists\"}");
        assertThat(imaged.json().at("/errors/2").toString()).isEqualTo("{\"code\":406,\"message\":\"desc too long\"}");
        assertThat(imaged.json().at("/errors/3/code").asInt()).as("not an image").isEqualTo(400);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "legacy.face.group.new", code = "400", basis = Basis.OBSERVED, section = FACES + ", face_check.go")
    @Proves(dialect = "qiniu", operation = "legacy.face.add", code = "400", basis = Basis.OBSERVED, section = FACES + ", face_check.go")
    void anInvalidModeIs400AndNewHasMadeTheGroupAlready() {
        String group = env.track("face", env.name("mode"));
        Map<String, Object> body = Map.of("data", List.of(item(env.data(ANGELINA_1), Map.of("mode", "single"))));
        post("/v1/face/group/" + group + "/new", body).assertError(400, "invalid mode");
        assertThat(env.client().get("/v1/face/group").strings("/result")).as("made before the modes are checked").contains(group);
        post("/v1/face/group/" + group + "/add", body).assertError(400, "invalid mode");
        assertThat(env.client().get("/v1/face/group/" + group).json().path("result").isNull()).isTrue();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "legacy.face.add", code = "200", basis = Basis.OBSERVED, section = FACES + " (Go's encoding/json)")
    @Proves(dialect = "qiniu", operation = "legacy.face.groups_search", code = "200", basis = Basis.OBSERVED, section = FACES + " (Go's encoding/json)")
    void keysMatchWithoutRegardToCase() {
        String group = env.newFaceGroup();
        QiniuResponse added = postJson("/v1/face/group/" + group + "/add",
                "{\"DATA\":[{\"Uri\":\"" + env.data(ANGELINA_1) + "\",\"Attribute\":{\"ID\":\"a1\",\"Name\":\"angelina\","
                        + "\"Desc\":{\"Keep\":\"As Given\"}}}]}");
        assertOk(added);
        assertThat(added.strings("/faces")).containsExactly("a1");
        QiniuResponse found = postJson("/v1/face/groups/search", "{\"Data\":{\"URI\":\"" + env.data(ANGELINA_PROBE) + "\"},"
                + "\"Params\":{\"Groups\":[\"" + group + "\"],\"LIMIT\":3,\"Threshold\":0.5}}");
        assertOk(found);
        assertThat(found.json().at("/result/faces/0/faces/0/id").asText()).isEqualTo("a1");
        assertThat(found.json().at("/result/faces/0/faces/0/desc/Keep").asText()).as("desc is the caller's own JSON").isEqualTo("As Given");
        postJson("/v1/face/group/" + group + "/add", "{\"data\":[{\"uri\":5}]}").assertError(400, "data[0].uri must be a string");
        postJson("/v1/face/groups/search", "{\"data\":{\"uri\":\"x\"},\"params\":{\"limit\":1.5}}").assertError(400,
                "params.limit must be a whole number");
        assertThat(postJson("/v1/face/group/" + group + "/add", "[]").status()).isEqualTo(400);
    }

    @Test
    void unknownPathsOfTheOlderGenerationAreGosPlainTextNotFound() {
        String group = env.name("nowhere");
        for (QiniuResponse response : List.of(env.client().get("/v1/face/group/" + group + "/new"),
                post("/v1/face/group/" + group + "/rename", Map.of()), post("/v1/image/group", Map.of()),
                env.client().get("/v1/image/group/" + group + "/images"))) {
            assertThat(response.status()).as(response.exchange().describe()).isEqualTo(404);
            assertThat(response.exchange().responseBody()).isEqualTo("404 page not found\n");
        }
        QiniuResponse admin = env.client().get("/v1/face/group/" + group + "/feature/nothing");
        assertThat(admin.status()).isEqualTo(404);
        assertThat(admin.json().path("code").asInt()).as("the admin API keeps its envelope").isEqualTo(404);
        assertThat(env.client().get("/v1/face/group/feature").json().path("code").asInt()).as("GET /v1/face/group/feature is the admin's").isZero();
        assertThat(env.client().get("/v1/face/group/feature").json().path("result").isArray()).isTrue();
    }

    @Test
    @Proves(dialect = "qiniu", code = "401", basis = Basis.OBSERVED, section = FACES + " (authstub)", operation = {"legacy.face.group.list",
            "legacy.face.group.faces", "legacy.face.group.new", "legacy.face.add", "legacy.face.delete", "legacy.face.group.remove",
            "legacy.face.search", "legacy.face.groups_search"})
    @Proves(dialect = "qiniu", code = "401", basis = Basis.OBSERVED, section = IMAGES + " (authstub)", operation = {
            "legacy.image.group.list", "legacy.image.group.images", "legacy.image.group.new", "legacy.image.add", "legacy.image.delete",
            "legacy.image.group.remove", "legacy.image.search", "legacy.image.groups_search"})
    void everyOperationWithoutAValidSignatureIs401() {
        env.assumeSigned();
        QiniuClient unsigned = env.client().withKey(Optional.empty());
        QiniuClient wrongKey = env.client().withKey(Optional.of(new QiniuClient.Key("conformance-ak", "not-the-secret")));
        String group = env.name("nosig");
        SoftAssertions soft = new SoftAssertions();
        for (QiniuClient client : List.of(unsigned, wrongKey)) {
            for (String kind : List.of("face", "image")) {
                String base = "/v1/" + kind + "/group";
                for (QiniuResponse response : List.of(client.get(base), client.get(base + "/" + group),
                        client.post(base + "/" + group + "/new", Map.of()), client.post(base + "/" + group + "/add", Map.of()),
                        client.post(base + "/" + group + "/delete", Map.of()), client.postEmpty(base + "/" + group + "/remove"),
                        client.post(base + "/" + group + "/search", Map.of()), client.post("/v1/" + kind + "/groups/search", Map.of()))) {
                    soft.assertThat(response.status()).as(response.exchange().describe()).isEqualTo(401);
                    soft.assertThat(response.error()).as(response.exchange().describe()).isNotEmpty();
                }
            }
        }
        soft.assertAll();
        assertThat(env.client().get("/v1/face/group").strings("/result")).as("nothing was made").noneMatch(g -> g.equals(group));
    }
}
