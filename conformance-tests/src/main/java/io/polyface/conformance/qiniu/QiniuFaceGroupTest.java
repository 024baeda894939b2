package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.Photos.ANGELINA_2;
import static io.polyface.conformance.Photos.ANGELINA_PROBE;
import static io.polyface.conformance.Photos.JENNIFER_1;
import static io.polyface.conformance.Photos.JENNIFER_CLOSE_PROBE;
import static io.polyface.conformance.Photos.NO_FACE;
import static io.polyface.conformance.Photos.SCARLETT_1;
import static io.polyface.conformance.Photos.SCARLETT_PROBE;
import static io.polyface.conformance.qiniu.QiniuSources.BASE_SERVICE;
import static io.polyface.conformance.qiniu.QiniuSources.FACE_SERVICE;
import static io.polyface.conformance.qiniu.QiniuSources.REPLY_WITH_CODE_200;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.Proves;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Face groups, sections 2.1-2.15, with real photos; where the document is silent, as Qiniu's own
 * server answers (its public code, argus {@code feature_group_private/service}). Which faces a
 * group takes by quality and size: {@link QiniuFaceQualityTest}.
 */
class QiniuFaceGroupTest extends BaseQiniuTest {

    private static QiniuResponse add(String group, String id, String photo, String tag) {
        QiniuResponse added = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", id, "uri", env.data(photo), "tag", tag, "desc", Map.of("photo", photo))));
        assertThat(added.status()).as(added.exchange().describe()).isEqualTo(200);
        return added;
    }

    /** A new face group of a1 (Angelina), s1 (Scarlett) and j1 (Jennifer), each tagged with her name. */
    private static String actresses() {
        String group = env.newFaceGroup();
        add(group, "a1", ANGELINA_1, "angelina");
        add(group, "s1", SCARLETT_1, "scarlett");
        add(group, "j1", JENNIFER_1, "jennifer");
        return group;
    }

    /** a1 and a2 (Angelina) and s1 (Scarlett), each tagged with her name. */
    private static void addTwoAngelinasAndScarlett(String group) {
        add(group, "a1", ANGELINA_1, "angelina");
        add(group, "a2", ANGELINA_2, "angelina");
        add(group, "s1", SCARLETT_1, "scarlett");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.group.create", code = "200", section = "2.1")
    @Proves(dialect = "qiniu", operation = "face.group.list", code = "200", section = "2.2")
    @Proves(dialect = "qiniu", operation = "face.group.info", code = "200", section = "2.3")
    @Proves(dialect = "qiniu", operation = "face.group.remove", code = "200", section = "2.4")
    void aGroupIsCreatedListedDescribedAndRemoved() {
        env.assertGroupLifecycle("face", QiniuFaceGroupTest::addTwoAngelinasAndScarlett, 2, 3);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.add", code = "200", section = "2.5")
    void addReportsTheFaceItsQualityAndGeneratesAnIdWhenNoneIsGiven() {
        String group = env.newFaceGroup();
        QiniuResponse added = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("uri", env.data(ANGELINA_1))));
        assertThat(added.json().path("id").asText()).isNotEmpty();
        assertThat(added.json().at("/bounding_box/pts")).hasSize(4);
        assertThat(added.json().at("/bounding_box/score").asDouble()).isBetween(0.5, 1.0);
        assertThat(added.json().at("/face_quality/quality").asText()).isIn("clear", "blur", "small", "cover", "pose");
        // Qiniu's server writes face_number only when the image has several faces (omitempty).
        assertThat(added.json().has("face_number")).as("face_number for a single face").isFalse();
        JsonNode listed = env.client().get("/v1/face/groups/" + group + "/images").json().at("/images/0");
        assertThat(listed.path("tag").asText()).as("tag defaults to 'default'").isEqualTo("default");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.add", code = "200", section = "2.5 (bounding_box given)")
    @Proves(dialect = "qiniu", operation = "face.add", code = "400", section = "2.5 (no face)")
    void aGivenBoxIsEchoedWithoutScoreAndAnImageWithoutAFaceIs400() {
        String group = env.newFaceGroup();
        JsonNode detected = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", "probe", "uri", env.data(SCARLETT_1)))).json();
        QiniuResponse boxed = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", "boxed", "uri", env.data(SCARLETT_1), "bounding_box", Map.of("pts", detected.at("/bounding_box/pts")))));
        assertThat(boxed.status()).isEqualTo(200);
        assertThat(boxed.json().at("/bounding_box/score").isMissingNode()).isTrue();
        // Qiniu's server writes its (empty) quality struct for a given box.
        assertThat(boxed.json().path("face_quality").isObject()).isTrue();
        assertThat(boxed.json().path("face_quality").isEmpty()).isTrue();

        QiniuResponse noFace = env.client().post("/v1/face/groups/" + group + "/add", Map.of("image", Map.of("uri", env.data(NO_FACE))));
        noFace.assertError(400, "face number 0: No face found in image");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.add", code = "200", section = "2.5 (uri over http)")
    void anImageIsFetchedByUrl() {
        assumeFalse(env.external(), "the suite's photo server is on its own loopback");
        String group = env.newFaceGroup();
        QiniuResponse added = env.client().post("/v1/face/groups/" + group + "/add", Map.of("image", Map.of("uri", env.url(JENNIFER_1))));
        assertThat(added.status()).as(added.exchange().describe()).isEqualTo(200);
        // An image Qiniu's server cannot fetch is its 500 (face_service.go answers every such failure so).
        QiniuResponse missing = env.client().post("/v1/face/groups/" + group + "/add", Map.of("image", Map.of("uri", env.url("nothing/here.jpg"))));
        missing.assertError(500, "failed to add face");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.search", code = "200", section = "2.6")
    @Proves(dialect = "qiniu", operation = "face.delete", code = "200", section = "2.7")
    @Proves(dialect = "qiniu", operation = "face.update", code = "200", section = "2.8")
    void searchFindsThePersonAndFollowsDeletesAndUpdates() {
        String group = actresses();
        QiniuResponse found = env.client().post("/v1/face/groups/" + group + "/search",
                Map.of("images", List.of(env.data(ANGELINA_PROBE), env.data(SCARLETT_PROBE)), "threshold", 0.45, "limit", 5));
        assertThat(found.json().at("/search_results/0/faces/0/faces/0/id").asText()).isEqualTo("a1");
        assertThat(found.json().at("/search_results/0/faces/0/faces/0/score").asDouble()).isGreaterThanOrEqualTo(0.45);
        assertThat(found.json().at("/search_results/0/faces/0/faces/0/desc/photo").asText()).isEqualTo(ANGELINA_1);
        assertThat(found.json().at("/search_results/1/faces/0/faces/0/id").asText()).isEqualTo("s1");
        assertThat(found.json().at("/search_results/0/faces/0/faces")).as("only angelina passes 0.45").hasSize(1);

        // The image again: Qiniu's server requires it on update.
        QiniuResponse updated = env.client().post("/v1/face/groups/" + group + "/update",
                Map.of("image", Map.of("id", "a1", "uri", env.data(ANGELINA_1), "tag", "renamed", "desc", List.of(1, 2))));
        assertThat(updated.status()).isEqualTo(200);
        JsonNode hit = env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(ANGELINA_PROBE))))
                .json().at("/search_results/0/faces/0/faces/0");
        assertThat(hit.path("tag").asText()).isEqualTo("renamed");
        assertThat(hit.path("desc").toString()).isEqualTo("[1,2]");

        QiniuResponse deleted = env.client().post("/v1/face/groups/" + group + "/delete", Map.of("ids", List.of("a1", "nope")));
        assertThat(deleted.strings("/deleted")).containsExactly("a1");
        assertThat(env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(ANGELINA_PROBE)), "threshold", 0.45))
                .json().at("/search_results/0/faces/0/faces")).isEmpty();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.list", code = "200", section = "2.9")
    @Proves(dialect = "qiniu", operation = "face.tags", code = "200", section = "2.10")
    void imagesAndTagsArePagedWithAnOpaqueMarker() {
        String group = env.newFaceGroup();
        addTwoAngelinasAndScarlett(group);
        Set<String> seen = new HashSet<>();
        String marker = "";
        int pages = 0;
        do {
            QiniuResponse page = env.client().get("/v1/face/groups/" + group + "/images?limit=2&marker=" + marker);
            seen.addAll(ids(page.json().path("images")));
            marker = page.json().path("marker").asText();
            pages++;
        } while (!marker.isEmpty() && pages < 5);
        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyInAnyOrder("a1", "a2", "s1");
        assertThat(ids(env.client().get("/v1/face/groups/" + group + "/images?tag=angelina").json().path("images")))
                .containsExactlyInAnyOrder("a1", "a2");

        QiniuResponse first = env.client().get("/v1/face/groups/" + group + "/tags?limit=1");
        assertThat(first.json().at("/tags/0/name").asText()).isEqualTo("angelina");
        assertThat(first.json().at("/tags/0/count").asInt()).isEqualTo(2);
        QiniuResponse second = env.client().get("/v1/face/groups/" + group + "/tags?limit=1&marker=" + first.json().path("marker").asText());
        assertThat(second.json().at("/tags/0/name").asText()).isEqualTo("scarlett");
        assertThat(second.json().path("marker").asText()).isEmpty();
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path("id").asText()));
        return ids;
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.multi_search", code = "200", section = "2.11")
    void multiGroupSearchFindsThePersonInTheRightGroupAndClustersTheUnknown() {
        String actresses = env.newFaceGroup();
        String others = env.newFaceGroup();
        String cluster = env.newFaceGroup();
        add(actresses, "a1", ANGELINA_1, "angelina");
        add(others, "s1", SCARLETT_1, "scarlett");
        QiniuResponse found = env.client().post("/v1/face/groups/multi/search", Map.of(
                "images", List.of(env.data(SCARLETT_PROBE), env.data(JENNIFER_1)),
                "groups", List.of(actresses, others, others), "cluster_group", cluster, "threshold", 0.45));
        JsonNode scarlett = found.json().at("/search_results/0/faces/0/faces/0");
        assertThat(scarlett.path("id").asText()).isEqualTo("s1");
        assertThat(scarlett.path("group").asText()).isEqualTo(others);
        JsonNode jennifer = found.json().at("/search_results/1/faces/0/faces/0");
        assertThat(jennifer.path("score").asDouble()).as("unmatched: enrolled, score 1").isEqualTo(1.0);
        assertThat(jennifer.path("group").asText()).isEqualTo(cluster);
        assertThat(env.client().get("/v1/face/groups/" + cluster).json().path("count").asInt()).isEqualTo(1);

        JsonNode again = env.client().post("/v1/face/groups/multi/search", Map.of(
                "images", List.of(env.data(JENNIFER_CLOSE_PROBE)), "groups", List.of(actresses), "cluster_group", cluster))
                .json().at("/search_results/0/faces/0/faces/0");
        assertThat(again.path("id").asText()).as("the second photo joins the first one's cluster").isEqualTo(jennifer.path("id").asText());
        assertThat(again.path("score").asDouble()).isLessThan(1.0);

    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.multi_search", code = "500", basis = Basis.OBSERVED, section = FACE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.search", code = "500", basis = Basis.OBSERVED, section = FACE_SERVICE)
    void searchFailuresAreTheServersFailedToSearchFace() {
        String group = env.newFaceGroup();
        add(group, "a1", ANGELINA_1, "angelina");
        List<QiniuResponse> failed = List.of(
                env.client().post("/v1/face/groups/multi/search", Map.of("images", List.of(env.data(SCARLETT_PROBE)),
                        "groups", List.of(group, "g-a2", "g-a3", "g-a4", "g-a5", "g-a6"))),
                env.client().post("/v1/face/groups/multi/search", Map.of("images", List.of(env.data(SCARLETT_PROBE)),
                        "groups", List.of(group, env.name("missing")))),
                env.client().post("/v1/face/groups/" + env.name("missing") + "/search", Map.of("images", List.of(env.data(SCARLETT_PROBE)))),
                env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(SCARLETT_PROBE)), "threshold", 1.5)),
                env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of("data:application/octet-stream;base64,aGVsbG8="))));
        assertThat(failed).allSatisfy(r -> {
            r.assertError(500, "failed to search face");
        });
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.cluster", code = "200", section = "2.12")
    void clusteringPutsTwoPhotosOfOnePersonTogetherAndOthersApart() {
        String group = env.newFaceGroup();
        QiniuResponse clustered = env.client().post("/v1/face/groups/" + group + "/cluster", Map.of(
                "images", List.of(env.data(ANGELINA_1), env.data(SCARLETT_1), env.data(JENNIFER_1)), "threshold", 0.45));
        List<String> clusters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clusters.add(clustered.json().at("/search_results/" + i + "/faces/0/faces/0/id").asText());
        }
        assertThat(Set.copyOf(clusters)).as("three people, three clusters").hasSize(3);
        JsonNode again = env.client().post("/v1/face/groups/" + group + "/cluster", Map.of(
                "images", List.of(env.data(ANGELINA_2)), "threshold", 0.45)).json().at("/search_results/0/faces/0/faces/0");
        assertThat(again.path("id").asText()).as("angelina's second photo joins her first").isEqualTo(clusters.get(0));
        assertThat(again.path("group").asText()).isEqualTo(group);
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).isEqualTo(3);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.cluster", code = "200", basis = Basis.OBSERVED, section = FACE_SERVICE)
    void theFacesOfOneRequestAreSearchedBeforeAnyJoinsTheClusterGroup() {
        String group = env.newFaceGroup();
        JsonNode clustered = env.client().post("/v1/face/groups/" + group + "/cluster", Map.of(
                "images", List.of(env.data(ANGELINA_1), env.data(ANGELINA_2)), "threshold", 0.45)).json();
        assertThat(clustered.at("/search_results/0/faces/0/faces/0/id").asText())
                .as("two unknown photos of one person in one request: two clusters")
                .isNotEqualTo(clustered.at("/search_results/1/faces/0/faces/0/id").asText());
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).isEqualTo(2);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.compare", code = "200", section = "2.13")
    void comparingGroupsPairsEachPersonWithThemselves() {
        String base = env.newFaceGroup();
        String target = env.newFaceGroup();
        add(base, "a1", ANGELINA_1, "angelina");
        add(base, "s1", SCARLETT_1, "scarlett");
        add(base, "j1", JENNIFER_1, "jennifer");
        add(target, "ta", ANGELINA_PROBE, "angelina");
        add(target, "ts", SCARLETT_PROBE, "scarlett");
        add(target, "tj", JENNIFER_CLOSE_PROBE, "jennifer");
        QiniuResponse compared = env.client().post("/v1/face/groups/" + base + "/compare", Map.of("target_group", target, "threshold", 0.45, "limit", 5));
        Map<String, String> pairs = new java.util.HashMap<>();
        compared.json().path("compare_results").forEach(r -> pairs.put(r.path("tag").asText(), r.at("/faces/0/tag").asText()));
        assertThat(pairs).containsExactlyInAnyOrderEntriesOf(Map.of("angelina", "angelina", "scarlett", "scarlett", "jennifer", "jennifer"));
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.pts_search", code = "200", section = "2.14")
    @Proves(dialect = "qiniu", operation = "face.multi_pts_search", code = "200", section = "2.15")
    void theFaceInAGivenBoxIsSearched() {
        String group = env.newFaceGroup();
        String cluster = env.newFaceGroup();
        add(group, "a1", ANGELINA_1, "angelina");
        JsonNode probeBox = env.client().post("/v1/face/groups/" + cluster + "/add",
                Map.of("image", Map.of("id", "box-source", "uri", env.data(ANGELINA_PROBE)))).json().at("/bounding_box/pts");
        env.client().post("/v1/face/groups/" + cluster + "/delete", Map.of("ids", List.of("box-source")));
        Map<String, Object> data = Map.of("uri", env.data(ANGELINA_PROBE), "attribute", Map.of("bounding_boxes", List.of(Map.of("pts", probeBox))));

        QiniuResponse one = env.client().post("/v1/face/groups/" + group + "/pts/search", Map.of("data", List.of(data), "params", Map.of("threshold", 0.45)));
        assertThat(one.json().at("/search_results/0/faces/0/faces/0/id").asText()).isEqualTo("a1");

        QiniuResponse multi = env.client().post("/v1/face/groups/multi/pts/search", Map.of("data", List.of(data),
                "groups", List.of(group), "cluster_group", cluster, "params", Map.of("threshold", 0.45, "limit", 3)));
        assertThat(multi.json().at("/search_results/0/faces/0/faces/0/group").asText()).isEqualTo(group);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.update", code = "200", section = "2.8 (new uri)")
    @Proves(dialect = "qiniu", operation = "face.update", code = "500", basis = Basis.OBSERVED, section = FACE_SERVICE)
    void updatingTheUriReplacesTheFaceUnderTheSameId() {
        String group = env.newFaceGroup();
        add(group, "x1", ANGELINA_1, "someone");
        QiniuResponse updated = env.client().post("/v1/face/groups/" + group + "/update",
                Map.of("image", Map.of("id", "x1", "uri", env.data(SCARLETT_1))));
        assertThat(updated.status()).as(updated.exchange().describe()).isEqualTo(200);
        JsonNode hit = env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(SCARLETT_PROBE))))
                .json().at("/search_results/0/faces/0/faces/0");
        assertThat(hit.path("id").asText()).isEqualTo("x1");
        // Qiniu's server sets tag and desc as given: absent is the default tag and no desc.
        assertThat(hit.path("tag").asText()).as("an absent tag is reset").isEqualTo("default");
        assertThat(hit.has("desc")).as("an absent desc is reset").isFalse();
        assertThat(env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(ANGELINA_PROBE)), "threshold", 0.45))
                .json().at("/search_results/0/faces/0/faces")).as("the old face is gone").isEmpty();
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).as("no copy left behind").isEqualTo(1);
        for (Map<String, Object> image : List.<Map<String, Object>>of(Map.of("id", "x1", "uri", env.data(NO_FACE)),
                Map.of("id", "x1", "tag", "no-uri"), Map.of("id", "nobody", "uri", env.data(SCARLETT_1)))) {
            QiniuResponse failed = env.client().post("/v1/face/groups/" + group + "/update", Map.of("image", image));
            failed.assertError(500, "failed to update face");
        }
        assertThat(env.client().get("/v1/face/groups/" + group + "/images").json().at("/images/0/tag").asText())
                .as("a failed update changes nothing").isEqualTo("default");
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).as("a failed update loses nothing").isEqualTo(1);
    }

    // ---- where the document is silent: as Qiniu's own server answers ----------------------

    @Test
    @Proves(dialect = "qiniu", operation = "face.group.create", code = "200", basis = Basis.OBSERVED, section = REPLY_WITH_CODE_200)
    @Proves(dialect = "qiniu", operation = "face.update", code = "200", basis = Basis.OBSERVED, section = REPLY_WITH_CODE_200)
    @Proves(dialect = "qiniu", operation = "face.group.remove", code = "200", basis = Basis.OBSERVED, section = REPLY_WITH_CODE_200)
    void createUpdateAndRemoveAnswerAnEmptyObject() {
        String group = env.track("face", env.name("empty"));
        QiniuResponse created = env.client().post("/v1/face/groups/" + group, Map.of("config", Map.of("capacity", 10)));
        add(group, "a1", ANGELINA_1, "angelina");
        QiniuResponse updated = env.client().post("/v1/face/groups/" + group + "/update",
                Map.of("image", Map.of("id", "a1", "uri", env.data(ANGELINA_2), "tag", "angelina")));
        QiniuResponse removed = env.client().postEmpty("/v1/face/groups/" + group + "/remove");
        assertThat(List.of(created, updated, removed)).allSatisfy(r -> {
            assertThat(r.status()).as(r.exchange().describe()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{}");
            assertThat(r.contentType()).startsWith("application/json");
        });
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.group.create", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.group.create", code = "409", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void aGroupNeedsAValidNameAndACapacityAndAnUnusedName() {
        String group = env.track("face", env.name("cap"));
        for (Object body : List.of(Map.of(), Map.of("config", Map.of()), Map.of("config", Map.of("capacity", 0)),
                Map.of("config", Map.of("capacity", -5)))) {
            QiniuResponse refused = env.client().post("/v1/face/groups/" + group, body);
            refused.assertError(400, "invalid group capacity");
        }
        QiniuResponse badName = env.client().post("/v1/face/groups/Bad_Name", Map.of("config", Map.of("capacity", 10)));
        badName.assertError(400, "invalid group name");
        assertThat(env.client().post("/v1/face/groups/" + group, Map.of("config", Map.of("capacity", 10))).status()).isEqualTo(200);
        // Qiniu's server looks for the group before it reads the capacity.
        QiniuResponse again = env.client().post("/v1/face/groups/" + group, Map.of());
        again.assertError(409, "group already exist");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.search", code = "200", basis = Basis.OBSERVED, section = FACE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.multi_search", code = "200", basis = Basis.OBSERVED, section = FACE_SERVICE)
    void aZeroOrAbsentLimitAndThresholdAreTheServersDefaults() {
        String group = actresses();
        String probe = env.data(ANGELINA_PROBE);
        // Qiniu's Go clients send "limit": 0 with every search: 100 hits at most; no threshold is the
        // shipped search_threshold 0, so every face of the group comes back, the best first.
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("images", List.of(probe), "limit", 0),
                Map.of("images", List.of(probe)), Map.of("images", List.of(probe), "limit", 0, "threshold", 0),
                Map.of("images", List.of(probe), "limit", -1))) {
            QiniuResponse found = env.client().post("/v1/face/groups/" + group + "/search", body);
            assertThat(found.status()).as(found.exchange().describe()).isEqualTo(200);
            JsonNode hits = found.json().at("/search_results/0/faces/0/faces");
            assertThat(hits).as("every face of the group").hasSize(3);
            assertThat(hits.at("/0/id").asText()).isEqualTo("a1");
            assertThat(hits.at("/0/score").asDouble()).isGreaterThan(hits.at("/1/score").asDouble());
            assertThat(hits.at("/2/score").asDouble()).isBetween(0.0, 0.45);
        }
        JsonNode one = env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(probe), "limit", 1))
                .json().at("/search_results/0/faces/0/faces");
        assertThat(one).hasSize(1);
        QiniuResponse multi = env.client().post("/v1/face/groups/multi/search",
                Map.of("images", List.of(probe), "groups", List.of(group), "limit", 0));
        assertThat(multi.status()).isEqualTo(200);
        assertThat(multi.json().at("/search_results/0/faces/0/faces")).hasSize(3);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.search", code = "200", basis = Basis.OBSERVED, section = FACE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.pts_search", code = "200", basis = Basis.OBSERVED, section = FACE_SERVICE)
    void noImageNoFaceAndNoMatchAreWrittenAsTheServerWritesThem() {
        String group = env.newFaceGroup();
        add(group, "a1", ANGELINA_1, "angelina");
        for (Object body : List.of(Map.of("images", List.of()), Map.of(), Map.of("limit", 0))) {
            QiniuResponse none = env.client().post("/v1/face/groups/" + group + "/search", body);
            assertThat(none.status()).as(none.exchange().describe()).isEqualTo(200);
            assertThat(none.body()).isEqualTo("{\"search_results\":[{\"faces\":[]}]}");
        }
        JsonNode noFace = env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(NO_FACE))))
                .json().at("/search_results/0/faces");
        assertThat(noFace.isArray()).isTrue();
        assertThat(noFace).as("an image without a face").isEmpty();
        JsonNode noMatch = env.client().post("/v1/face/groups/" + group + "/search",
                Map.of("images", List.of(env.data(JENNIFER_CLOSE_PROBE)), "threshold", 0.9)).json().at("/search_results/0/faces/0");
        assertThat(noMatch.at("/bounding_box/pts")).hasSize(4);
        assertThat(noMatch.path("faces").isNull()).as("a face that matched no one: null, not []").isTrue();
        // pts/search without boxes searches every face it finds.
        JsonNode pts = env.client().post("/v1/face/groups/" + group + "/pts/search",
                Map.of("data", List.of(Map.of("uri", env.data(ANGELINA_PROBE))), "params", Map.of("limit", 0))).json();
        assertThat(pts.at("/search_results/0/faces/0/faces/0/id").asText()).isEqualTo("a1");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.add", code = "500", basis = Basis.OBSERVED, section = FACE_SERVICE)
    void aFaceThatCannotBeAddedIsTheServers500() {
        String group = env.newFaceGroup();
        add(group, "a1", ANGELINA_1, "angelina");
        Map<String, Object> twice = Map.of("image", Map.of("id", "a1", "uri", env.data(ANGELINA_2)));
        Map<String, Object> notAnImage = Map.of("image", Map.of("uri", "data:application/octet-stream;base64,aGVsbG8="));
        Map<String, Object> noUri = Map.of("image", Map.of("id", "x"));
        for (Map<String, Object> body : List.of(twice, notAnImage, noUri)) {
            QiniuResponse failed = env.client().post("/v1/face/groups/" + group + "/add", body);
            failed.assertError(500, "failed to add face");
        }
        QiniuResponse noFaceInBox = env.client().post("/v1/face/groups/" + group + "/add", Map.of("image",
                Map.of("uri", env.data(NO_FACE), "bounding_box", Map.of("pts", List.of(List.of(10, 10), List.of(90, 10), List.of(90, 90), List.of(10, 90))))));
        noFaceInBox.assertError(500, "Failed to parse feature in image");
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).isEqualTo(1);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.compare", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.compare", code = "200", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void compareNamesItsTwoGroupsInItsErrorsAndAnswersNullWithoutAMatch() {
        String base = env.newFaceGroup();
        String target = env.newFaceGroup();
        add(base, "a1", ANGELINA_1, "angelina");
        add(target, "j1", JENNIFER_1, "jennifer");
        Map<String, String> refusals = Map.of(
                "invalid target face group name", "{}",
                "target face group not exist", "{\"target_group\":\"" + env.name("missing") + "\"}",
                "invalid threshold", "{\"target_group\":\"" + target + "\",\"threshold\":1.5}");
        refusals.forEach((text, body) -> {
            QiniuResponse refused = env.client().send("POST", "/v1/face/groups/" + base + "/compare",
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Optional.of("application/json"));
            refused.assertError(400, text);
        });
        QiniuResponse noBase = env.client().post("/v1/face/groups/" + env.name("missing") + "/compare", Map.of("target_group", target));
        noBase.assertError(400, "face group not exist");
        QiniuResponse none = env.client().post("/v1/face/groups/" + base + "/compare", Map.of("target_group", target, "threshold", 0.9));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().path("compare_results").isNull()).as("no target face matched").isTrue();
    }
}
