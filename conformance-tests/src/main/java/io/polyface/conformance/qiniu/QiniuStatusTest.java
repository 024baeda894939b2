package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.qiniu.QiniuSources.BASE_SERVICE;
import static io.polyface.conformance.qiniu.QiniuSources.FACE_SERVICE;
import static io.polyface.conformance.qiniu.QiniuSources.IMAGE_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.polyface.conformance.Basis;
import io.polyface.conformance.OperationTable;
import io.polyface.conformance.Proves;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The error statuses every operation shares: 401 without a valid signature, 400 for a bad group
 * name or parameter, 413 for an image over the limit; each answered as {@code {"error": ...}} (the
 * admin API: {@code {"code", "message"}}). Where the document names no status, the current API
 * answers as Qiniu's own server does (argus {@code feature_group_private/service}): 400 {@code
 * group not exist} for an unknown group, and its 500s where it gives them, a client's mistake
 * included; the admin API keeps 404 for an unknown group.
 */
class QiniuStatusTest extends BaseQiniuTest {
    record Op(String name, String method, String path, Set<Integer> codes) {
        String at(String group) {
            return path.replace("{g}", group);
        }
    }

    /** What image and face groups share: the same operations, paths and statuses under their own prefix. */
    private static List<Op> groupOps(String kind) {
        String groups = "/v1/" + kind + "/groups";
        return List.of(
                new Op(kind + ".group.list", "GET", groups, Set.of(401)),
                new Op(kind + ".group.create", "POST", groups + "/{g}", Set.of(400, 401, 409)),
                new Op(kind + ".group.info", "GET", groups + "/{g}", Set.of(400, 401)),
                new Op(kind + ".group.remove", "POST", groups + "/{g}/remove", Set.of(400, 401)),
                new Op(kind + ".add", "POST", groups + "/{g}/add", Set.of(400, 401, 413, 500)),
                new Op(kind + ".search", "POST", groups + "/{g}/search", Set.of(400, 401, 413, 500)),
                new Op(kind + ".delete", "POST", groups + "/{g}/delete", Set.of(400, 401, 500)),
                new Op(kind + ".update", "POST", groups + "/{g}/update", Set.of(400, 401, 413, 500)),
                new Op(kind + ".list", "GET", groups + "/{g}/images", Set.of(400, 401, 500)),
                new Op(kind + ".tags", "GET", groups + "/{g}/tags", Set.of(400, 401, 500)));
    }

    static final List<Op> OPS = Stream.of(groupOps("image"), groupOps("face"), List.of(
            new Op("face.multi_search", "POST", "/v1/face/groups/multi/search", Set.of(400, 401, 413, 500)),
            new Op("face.cluster", "POST", "/v1/face/groups/{g}/cluster", Set.of(400, 401, 413, 500)),
            new Op("face.compare", "POST", "/v1/face/groups/{g}/compare", Set.of(400, 401)),
            new Op("face.pts_search", "POST", "/v1/face/groups/{g}/pts/search", Set.of(400, 401, 413, 500)),
            new Op("face.multi_pts_search", "POST", "/v1/face/groups/multi/pts/search", Set.of(400, 401, 413, 500)),
            new Op("feature.versions", "GET", "/v1/face/group/feature", Set.of(401)),
            new Op("feature.version", "GET", "/v1/face/group/{g}/feature", Set.of(400, 401, 404)),
            new Op("feature.upgrades", "GET", "/v1/face/group/feature/upgrade", Set.of(400, 401)),
            new Op("feature.group_upgrades", "GET", "/v1/face/group/{g}/feature/upgrade", Set.of(400, 401, 404)),
            new Op("feature.upgrade", "POST", "/v1/face/group/{g}/feature/upgrade/v1", Set.of(400, 401, 404, 409)),
            new Op("feature.rerun", "POST", "/v1/face/group/{g}/feature/rerun", Set.of(400, 401, 404, 409)),
            new Op("feature.check", "POST", "/v1/face/group/{g}/feature/check", Set.of(400, 401, 404)))).flatMap(List::stream).toList();

    /** {@link #OPS} as the tests that send each of them prove it: every operation answers the statuses it lists. */
    static final class OpsAnswering implements OperationTable {
        @Override
        public List<String> operationsAnswering(String code) {
            int status = Integer.parseInt(code);
            return OPS.stream().filter(op -> op.codes().contains(status)).map(Op::name).toList();
        }
    }

    private static final String BOX = "[[0,0],[40,0],[40,40],[0,40]]";
    /** The face searches: Qiniu's server answers every failure after the body is read with its 500. */
    static final Set<String> SEARCHES = Set.of("face.search", "face.multi_search", "face.cluster", "face.pts_search", "face.multi_pts_search");

    /** A body that passes every check before the group is looked up. */
    private static String body(Op op, String group, String uri) {
        return switch (op.name()) {
            case "image.add", "face.add" -> "{\"image\":{\"uri\":\"" + uri + "\"}}";
            case "image.update", "face.update" -> "{\"image\":{\"id\":\"cf-image\",\"uri\":\"" + uri + "\"}}";
            case "image.search", "face.search", "face.cluster" -> "{\"images\":[\"" + uri + "\"]}";
            case "image.delete", "face.delete" -> "{\"ids\":[\"x\"]}";
            case "face.multi_search" -> "{\"images\":[\"" + uri + "\"],\"groups\":[\"" + group + "\"]}";
            case "face.compare" -> "{\"target_group\":\"" + group + "\"}";
            case "face.pts_search" -> "{\"data\":[{\"uri\":\"" + uri + "\",\"attribute\":{\"bounding_boxes\":[{\"pts\":" + BOX + "}]}}]}";
            case "face.multi_pts_search" -> "{\"data\":[{\"uri\":\"" + uri + "\",\"attribute\":{\"bounding_boxes\":[{\"pts\":" + BOX
                    + "}]}}],\"groups\":[\"" + group + "\"]}";
            case "image.group.create", "face.group.create" -> "{\"config\":{\"capacity\":10}}";
            default -> "";
        };
    }

    private static QiniuResponse send(QiniuClient client, Op op, String group, String uri) {
        String body = body(op, group, uri);
        return op.method().equals("GET") ? client.get(op.at(group))
                : body.isEmpty() ? client.postEmpty(op.at(group))
                : client.send("POST", op.at(group), body.getBytes(java.nio.charset.StandardCharsets.UTF_8), Optional.of("application/json"));
    }

    private static void assertError(SoftAssertions soft, Op op, QiniuResponse response, int status) {
        soft.assertThat(response.status()).as(op.name() + " HTTP status").isEqualTo(status);
        if (op.name().startsWith("feature.")) {
            soft.assertThat(response.json().path("code").asInt()).as(op.name() + " code").isEqualTo(status);
            soft.assertThat(response.json().path("message").asText()).as(op.name() + " message").isNotEmpty();
        } else {
            soft.assertThat(response.error()).as(op.name() + " error").isNotEmpty();
        }
    }

    @Test
    @Proves(dialect = "qiniu", code = "401", basis = Basis.DOC, section = "auth (qiniu-feature-upgrade.md: Authorization: Qiniu <AccessKey>:<Sign>)",
            operationsOf = OpsAnswering.class)
    void everyOperationWithoutASignatureIs401() {
        env.assumeSigned();
        QiniuClient unsigned = env.client().withKey(Optional.empty());
        QiniuClient wrongKey = env.client().withKey(Optional.of(new QiniuClient.Key("conformance-ak", "not-the-secret")));
        String group = env.name("nosig");
        SoftAssertions soft = new SoftAssertions();
        for (Op op : OPS) {
            assertError(soft, op, send(unsigned, op, group, "data:application/octet-stream;base64,AAAA"), 401);
            assertError(soft, op, send(wrongKey, op, group, "data:application/octet-stream;base64,AAAA"), 401);
        }
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.group.info", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.group.remove", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.add", code = "400", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.search", code = "400", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.delete", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.update", code = "400", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.list", code = "400", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.tags", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.group.info", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.group.remove", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.add", code = "400", basis = Basis.OBSERVED, section = FACE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.delete", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.update", code = "400", basis = Basis.OBSERVED, section = FACE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.list", code = "400", basis = Basis.OBSERVED, section = FACE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.tags", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", code = "500", basis = Basis.OBSERVED, section = FACE_SERVICE, operation = {"face.search",
            "face.multi_search", "face.cluster", "face.pts_search", "face.multi_pts_search"})
    @Proves(dialect = "qiniu", operation = "face.compare", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void aGroupThatDoesNotExistIsTheServersGroupNotExist() {
        String missing = env.name("missing");
        String uri = env.data(ANGELINA_1);
        SoftAssertions soft = new SoftAssertions();
        for (Op op : OPS) {
            if (op.name().startsWith("feature.") || op.name().endsWith(".group.list") || op.name().endsWith(".group.create")) {
                continue;
            }
            QiniuResponse response = send(env.client(), op, missing, uri);
            int status = SEARCHES.contains(op.name()) ? 500 : 400;
            String text = SEARCHES.contains(op.name()) ? "failed to search face"
                    : op.name().equals("face.compare") ? "face group not exist" : "group not exist";
            soft.assertThat(response.status()).as(op.name() + " HTTP status").isEqualTo(status);
            soft.assertThat(response.error()).as(op.name() + " error").isEqualTo(text);
        }
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "qiniu", code = "404", basis = Basis.EMULATOR_ONLY, section = "unknown group (the document names no status)",
            operationsOf = OpsAnswering.class)
    void anAdminGroupThatDoesNotExistIs404() {
        assumeFalse(env.external(), "the document names no status for an unknown group");
        String missing = env.name("missing");
        SoftAssertions soft = new SoftAssertions();
        for (Op op : OPS) {
            if (op.codes().contains(404)) {
                assertError(soft, op, send(env.client(), op, missing, ""), 404);
            }
        }
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "qiniu", code = "400", basis = Basis.DOC, section = "group_name rule (1.1, 2.1) and field tables",
            operationsOf = OpsAnswering.class)
    void aBadGroupNameOrParameterIs400() {
        SoftAssertions soft = new SoftAssertions();
        for (Op op : OPS) {
            if (!op.codes().contains(400)) {
                continue;
            }
            QiniuResponse response;
            if (op.name().equals("feature.upgrades")) {
                response = env.client().get(op.path() + "?status=SLEEPING");
            } else if (SEARCHES.contains(op.name())) {
                // A bad group name is the searches' 500 on Qiniu's server; a field of the wrong type is 400.
                String field = op.name().contains("pts") ? "data" : "images";
                response = env.client().send("POST", op.at("Bad_Name"), ("{\"" + field + "\":\"x\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Optional.of("application/json"));
            } else {
                response = send(env.client(), op, "Bad_Name", "data:application/octet-stream;base64,AAAA");
            }
            assertError(soft, op, response, 400);
        }
        for (String bad : List.of("ab", "1abc", "_abc", "a".repeat(33), "abc.d")) {
            assertError(soft, OPS.get(11), env.client().post("/v1/face/groups/" + bad, Map.of("config", Map.of("capacity", 1))), 400);
        }
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "qiniu", code = "413", basis = Basis.EMULATOR_ONLY, section = "data URI over the configured limit",
            operationsOf = OpsAnswering.class)
    void anImageOverTheLimitIs413() {
        assumeFalse(env.external(), "the limit is this server's configuration");
        String faceGroup = env.newFaceGroup();
        String imageGroup = env.newImageGroup();
        String photo = env.data(ANGELINA_1);
        env.client().post("/v1/face/groups/" + faceGroup + "/add", Map.of("image", Map.of("id", "cf-image", "uri", photo)));
        env.client().post("/v1/image/groups/" + imageGroup + "/add", Map.of("image", Map.of("id", "cf-image", "uri", photo)));
        String big = env.data(new byte[(int) QiniuEnvironment.MAX_IMAGE_BYTES + 1024]);
        SoftAssertions soft = new SoftAssertions();
        for (Op op : OPS) {
            if (op.codes().contains(413)) {
                String group = op.name().startsWith("image.") ? imageGroup : faceGroup;
                assertError(soft, op, send(env.client(), op, group, big), 413);
            }
        }
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.group.create", code = "409", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.group.create", code = "409", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void creatingAGroupTwiceIs409GroupAlreadyExist() {
        String face = env.newFaceGroup();
        String image = env.newImageGroup();
        for (QiniuResponse again : List.of(env.client().post("/v1/face/groups/" + face, Map.of("config", Map.of("capacity", 5))),
                env.client().post("/v1/image/groups/" + image, Map.of("config", Map.of("capacity", 5))))) {
            again.assertError(409, "group already exist");
        }
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.add", code = "500", basis = Basis.OBSERVED, section = FACE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.add", code = "500", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    void addingAnIdTwiceIsTheServers500() {
        String face = env.newFaceGroup();
        String image = env.newImageGroup();
        Map<String, Object> body = Map.of("image", Map.of("id", "same-id", "uri", env.data(ANGELINA_1)));
        assertThat(env.client().post("/v1/face/groups/" + face + "/add", body).status()).isEqualTo(200);
        QiniuResponse faceTwice = env.client().post("/v1/face/groups/" + face + "/add", body);
        faceTwice.assertError(500, "failed to add face");
        assertThat(env.client().post("/v1/image/groups/" + image + "/add", body).status()).isEqualTo(200);
        QiniuResponse imageTwice = env.client().post("/v1/image/groups/" + image + "/add", body);
        imageTwice.assertError(500, "failed to add image");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.list", code = "500", basis = Basis.OBSERVED, section = FACE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.tags", code = "500", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.list", code = "500", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.tags", code = "500", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.delete", code = "500", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.delete", code = "500", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void aBadMarkerOrAnEmptyIdIsTheServers500() {
        String face = env.newFaceGroup();
        String image = env.newImageGroup();
        Map<String, String> expected = Map.of(
                "/v1/face/groups/" + face + "/images?marker=%25%25", "failed to list face-images",
                "/v1/face/groups/" + face + "/tags?marker=%25%25", "failed to list image",
                "/v1/image/groups/" + image + "/images?marker=%25%25", "failed to list image",
                "/v1/image/groups/" + image + "/tags?marker=%25%25", "failed to list image");
        expected.forEach((path, text) -> {
            QiniuResponse failed = env.client().get(path);
            failed.assertError(500, text);
        });
        for (String kind : List.of("face", "image")) {
            String group = kind.equals("face") ? face : image;
            QiniuResponse failed = env.client().post("/v1/" + kind + "/groups/" + group + "/delete", Map.of("ids", List.of("a", "")));
            failed.assertError(500, "failed to delete feature");
        }
        // A limit of 0 or less is the server's 1000, not a mistake.
        assertThat(env.client().get("/v1/face/groups/" + face + "/images?limit=0").status()).isEqualTo(200);
        assertThat(env.client().get("/v1/image/groups/" + image + "/tags?limit=-1").status()).isEqualTo(200);
    }

    @Test
    void anUnknownRouteIsGosPlainNotFound() {
        String face = env.newFaceGroup();
        for (QiniuResponse response : List.of(env.client().get("/v1/face/groups/" + face + "/nothing"),
                env.client().get("/v1/face/groups/" + face + "/search"), env.client().postEmpty("/v1/image/groups/" + face + "/images"),
                env.client().get("/v2/anything"))) {
            assertThat(response.status()).as(response.exchange().describe()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("404 page not found\n");
            assertThat(response.contentType()).isEqualTo("text/plain; charset=utf-8");
        }
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.search", code = "400", basis = Basis.OBSERVED,
            section = "argus/vendor/github.com/qiniu/http/rpcutil.v1/rpc_util.go (a body that does not decode)")
    @Proves(dialect = "qiniu", operation = "face.search", code = "500", basis = Basis.OBSERVED, section = FACE_SERVICE)
    void aBodyThatDoesNotDecodeIs400AndABadImageOrParameterTheServers500() {
        String face = env.newFaceGroup();
        for (String body : List.of("{", "[]", "{\"images\":\"x\"}", "{\"images\":[1]}", "{\"threshold\":\"0.4\"}", "{\"limit\":5.5}")) {
            QiniuResponse r = env.client().send("POST", "/v1/face/groups/" + face + "/search", body.getBytes(), Optional.of("application/json"));
            assertThat(r.status()).as(r.exchange().describe()).isEqualTo(400);
            assertThat(r.error()).isNotEmpty();
        }
        for (String body : List.of("{\"images\":[\"ftp://x/y.jpg\"]}", "{\"images\":[\"data:,\"]}",
                "{\"images\":[\"data:application/octet-stream;base64,@@@\"]}", "{\"images\":[\"data:application/octet-stream;base64,aGVsbG8=\"]}",
                "{\"images\":[\"http://10.0.0.1/a.jpg\"]}", "{\"images\":[\"x\"],\"threshold\":1.5}", "{\"images\":[\"x\"],\"threshold\":-0.1}")) {
            QiniuResponse r = env.client().send("POST", "/v1/face/groups/" + face + "/search", body.getBytes(), Optional.of("application/json"));
            r.assertError(500, "failed to search face");
        }
        // An empty or null body decodes to nothing, and nothing is searched.
        for (String body : List.of("", "null", "{\"images\":[],\"limit\":0}", "{\"images\":[],\"limit\":10001}")) {
            QiniuResponse r = env.client().send("POST", "/v1/face/groups/" + face + "/search", body.getBytes(), Optional.of("application/json"));
            assertThat(r.status()).as(r.exchange().describe()).isEqualTo(200);
            assertThat(r.json().at("/search_results/0/faces")).isEmpty();
        }
    }
}
