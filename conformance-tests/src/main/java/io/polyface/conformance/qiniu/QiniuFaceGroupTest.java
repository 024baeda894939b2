package io.polyface.conformance.qiniu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.ConformanceExtension;
import io.polyface.conformance.Proves;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Face groups, sections 2.1-2.15, with real photos. */
@ExtendWith(ConformanceExtension.class)
class QiniuFaceGroupTest {
    @RegisterExtension
    static final QiniuEnvironment env = new QiniuEnvironment();

    static final String ANGELINA_1 = "angelina/deepface_img5.jpg";
    static final String ANGELINA_2 = "angelina/deepface_img11.jpg";
    static final String ANGELINA_PROBE = "angelina/deepface_img10.jpg";
    static final String SCARLETT_1 = "scarlett/deepface_img50.jpg";
    static final String SCARLETT_PROBE = "scarlett/deepface_img51.jpg";
    static final String JENNIFER_1 = "jennifer/deepface_img12.jpg";
    static final String JENNIFER_PROBE = "jennifer/deepface_img56.jpg";
    static final String NO_FACE = "nonface/mtcnn_no-faces.jpg";

    private static QiniuResponse add(String group, String id, String photo, String tag) {
        QiniuResponse added = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", id, "uri", env.data(photo), "tag", tag, "desc", Map.of("photo", photo))));
        assertThat(added.status()).as(added.exchange().describe()).isEqualTo(200);
        return added;
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.group.create", code = "200", section = "2.1")
    @Proves(dialect = "qiniu", operation = "face.group.list", code = "200", section = "2.2")
    @Proves(dialect = "qiniu", operation = "face.group.info", code = "200", section = "2.3")
    @Proves(dialect = "qiniu", operation = "face.group.remove", code = "200", section = "2.4")
    void aGroupIsCreatedListedDescribedAndRemoved() {
        String group = env.track("face", env.name("life"));
        assertThat(env.client().post("/v1/face/groups/" + group, Map.of("config", Map.of("capacity", 300000))).status()).isEqualTo(200);
        assertThat(env.client().get("/v1/face/groups").strings("/groups")).contains(group);
        add(group, "a1", ANGELINA_1, "angelina");
        add(group, "a2", ANGELINA_2, "angelina");
        add(group, "s1", SCARLETT_1, "scarlett");

        QiniuResponse info = env.client().get("/v1/face/groups/" + group);
        assertThat(info.json().at("/config/capacity").asLong()).isEqualTo(300000);
        assertThat(info.json().path("tags").asInt()).isEqualTo(2);
        assertThat(info.json().path("count").asInt()).isEqualTo(3);

        assertThat(env.client().postEmpty("/v1/face/groups/" + group + "/remove").status()).isEqualTo(200);
        assertThat(env.client().get("/v1/face/groups").strings("/groups")).doesNotContain(group);
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
        assertThat(added.json().path("face_number").asInt()).isEqualTo(1);
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
        assertThat(boxed.json().has("face_quality")).isFalse();

        QiniuResponse noFace = env.client().post("/v1/face/groups/" + group + "/add", Map.of("image", Map.of("uri", env.data(NO_FACE))));
        assertThat(noFace.status()).isEqualTo(400);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.add", code = "200", section = "2.5 (uri over http)")
    void anImageIsFetchedByUrl() {
        assumeFalse(env.external(), "the suite's photo server is on its own loopback");
        String group = env.newFaceGroup();
        QiniuResponse added = env.client().post("/v1/face/groups/" + group + "/add", Map.of("image", Map.of("uri", env.url(JENNIFER_1))));
        assertThat(added.status()).as(added.exchange().describe()).isEqualTo(200);
        assertThat(env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("uri", env.url("nothing/here.jpg")))).status()).isEqualTo(400);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.search", code = "200", section = "2.6")
    @Proves(dialect = "qiniu", operation = "face.delete", code = "200", section = "2.7")
    @Proves(dialect = "qiniu", operation = "face.update", code = "200", section = "2.8")
    void searchFindsThePersonAndFollowsDeletesAndUpdates() {
        String group = env.newFaceGroup();
        add(group, "a1", ANGELINA_1, "angelina");
        add(group, "s1", SCARLETT_1, "scarlett");
        add(group, "j1", JENNIFER_1, "jennifer");
        QiniuResponse found = env.client().post("/v1/face/groups/" + group + "/search",
                Map.of("images", List.of(env.data(ANGELINA_PROBE), env.data(SCARLETT_PROBE)), "threshold", 0.45, "limit", 5));
        assertThat(found.json().at("/search_results/0/faces/0/faces/0/id").asText()).isEqualTo("a1");
        assertThat(found.json().at("/search_results/0/faces/0/faces/0/score").asDouble()).isGreaterThanOrEqualTo(0.45);
        assertThat(found.json().at("/search_results/0/faces/0/faces/0/desc/photo").asText()).isEqualTo(ANGELINA_1);
        assertThat(found.json().at("/search_results/1/faces/0/faces/0/id").asText()).isEqualTo("s1");
        assertThat(found.json().at("/search_results/0/faces/0/faces")).as("only angelina passes 0.45").hasSize(1);

        QiniuResponse updated = env.client().post("/v1/face/groups/" + group + "/update",
                Map.of("image", Map.of("id", "a1", "tag", "renamed", "desc", List.of(1, 2))));
        assertThat(updated.status()).isEqualTo(200);
        JsonNode hit = env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(ANGELINA_PROBE))))
                .json().at("/search_results/0/faces/0/faces/0");
        assertThat(hit.path("tag").asText()).isEqualTo("renamed");
        assertThat(hit.path("desc").toString()).isEqualTo("[1,2]");

        QiniuResponse deleted = env.client().post("/v1/face/groups/" + group + "/delete", Map.of("ids", List.of("a1", "nope")));
        assertThat(deleted.strings("/deleted")).containsExactly("a1");
        assertThat(env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(ANGELINA_PROBE))))
                .json().at("/search_results/0/faces/0/faces")).isEmpty();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.list", code = "200", section = "2.9")
    @Proves(dialect = "qiniu", operation = "face.tags", code = "200", section = "2.10")
    void imagesAndTagsArePagedWithAnOpaqueMarker() {
        String group = env.newFaceGroup();
        add(group, "a1", ANGELINA_1, "angelina");
        add(group, "a2", ANGELINA_2, "angelina");
        add(group, "s1", SCARLETT_1, "scarlett");
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
                "images", List.of(env.data(JENNIFER_PROBE)), "groups", List.of(actresses), "cluster_group", cluster))
                .json().at("/search_results/0/faces/0/faces/0");
        assertThat(again.path("id").asText()).as("the second photo joins the first one's cluster").isEqualTo(jennifer.path("id").asText());
        assertThat(again.path("score").asDouble()).isLessThan(1.0);

        QiniuResponse six = env.client().post("/v1/face/groups/multi/search", Map.of("images", List.of(env.data(SCARLETT_PROBE)),
                "groups", List.of("g-a1", "g-a2", "g-a3", "g-a4", "g-a5", "g-a6")));
        assertThat(six.status()).as("more than 5 distinct groups").isEqualTo(400);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.cluster", code = "200", section = "2.12")
    void clusteringPutsTwoPhotosOfOnePersonTogetherAndOthersApart() {
        String group = env.newFaceGroup();
        QiniuResponse clustered = env.client().post("/v1/face/groups/" + group + "/cluster", Map.of(
                "images", List.of(env.data(ANGELINA_1), env.data(SCARLETT_1), env.data(ANGELINA_2), env.data(JENNIFER_1)), "threshold", 0.45));
        List<String> clusters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clusters.add(clustered.json().at("/search_results/" + i + "/faces/0/faces/0/id").asText());
        }
        assertThat(clusters.get(2)).as("angelina's second photo joins her first").isEqualTo(clusters.get(0));
        assertThat(Set.of(clusters.get(0), clusters.get(1), clusters.get(3))).as("three people, three clusters").hasSize(3);
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).isEqualTo(3);
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
        add(target, "tj", JENNIFER_PROBE, "jennifer");
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

    /** A photo blurred with a 13 px Gaussian (sigma 4): the face is still found, but it is not clear. */
    private static String blurred(String photo) {
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(env.faces().bytes(photo)));
            int radius = 6;
            float[] kernel = new float[(2 * radius + 1) * (2 * radius + 1)];
            float sum = 0;
            for (int y = -radius; y <= radius; y++) {
                for (int x = -radius; x <= radius; x++) {
                    float w = (float) Math.exp(-(x * x + y * y) / (2.0 * 4 * 4));
                    kernel[(y + radius) * (2 * radius + 1) + x + radius] = w;
                    sum += w;
                }
            }
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] /= sum;
            }
            java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(image.getWidth(), image.getHeight(),
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            rgb.createGraphics().drawImage(image, 0, 0, null);
            java.awt.image.BufferedImage out = new java.awt.image.ConvolveOp(new java.awt.image.Kernel(2 * radius + 1, 2 * radius + 1, kernel),
                    java.awt.image.ConvolveOp.EDGE_NO_OP, null).filter(rgb, null);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(out, "jpeg", bytes);
            return "data:application/octet-stream;base64," + java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.add", code = "400", section = "2.5 (reject_bad_face=true)")
    @Proves(dialect = "qiniu", operation = "face.add", code = "200", section = "2.5 (reject_bad_face=false)")
    @Proves(dialect = "qiniu", operation = "face.search", code = "200", section = "2.6 (use_quality)")
    void aBlurredFaceIsRejectedOnlyWhenAskedAndLeftOutOfQualitySearches() {
        String group = env.newFaceGroup();
        String blurry = blurred(ANGELINA_PROBE);
        QiniuResponse rejected = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", "bad", "uri", blurry), "params", Map.of("reject_bad_face", true)));
        assertThat(rejected.status()).as(rejected.exchange().describe()).isEqualTo(400);
        assertThat(rejected.error()).contains("bad face");
        QiniuResponse kept = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", "kept", "uri", blurry), "params", Map.of("reject_bad_face", false)));
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().at("/face_quality/quality").asText()).isEqualTo("blur");
        QiniuResponse clear = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", "clear", "uri", env.data(ANGELINA_1)), "params", Map.of("reject_bad_face", true)));
        assertThat(clear.status()).as(clear.exchange().describe()).isEqualTo(200);
        assertThat(clear.json().at("/face_quality/quality").asText()).isEqualTo("clear");
        assertThat(clear.json().at("/face_quality/orientation").asText()).isEqualTo("up");

        assertThat(env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(blurry), "use_quality", true))
                .json().at("/search_results/0/faces")).as("the blurred probe is not searched").isEmpty();
        assertThat(env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(blurry), "use_quality", false))
                .json().at("/search_results/0/faces/0/faces")).isNotEmpty();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.update", code = "200", section = "2.8 (new uri)")
    void updatingTheUriReplacesTheFaceUnderTheSameId() {
        String group = env.newFaceGroup();
        add(group, "x1", ANGELINA_1, "someone");
        QiniuResponse updated = env.client().post("/v1/face/groups/" + group + "/update",
                Map.of("image", Map.of("id", "x1", "uri", env.data(SCARLETT_1))));
        assertThat(updated.status()).as(updated.exchange().describe()).isEqualTo(200);
        JsonNode hit = env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(SCARLETT_PROBE))))
                .json().at("/search_results/0/faces/0/faces/0");
        assertThat(hit.path("id").asText()).isEqualTo("x1");
        assertThat(hit.path("tag").asText()).as("the tag stays").isEqualTo("someone");
        assertThat(hit.at("/desc/photo").asText()).as("the desc stays").isEqualTo(ANGELINA_1);
        assertThat(env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(ANGELINA_PROBE))))
                .json().at("/search_results/0/faces/0/faces")).as("the old face is gone").isEmpty();
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).as("no copy left behind").isEqualTo(1);
        QiniuResponse noFace = env.client().post("/v1/face/groups/" + group + "/update",
                Map.of("image", Map.of("id", "x1", "uri", env.data(NO_FACE))));
        assertThat(noFace.status()).isEqualTo(400);
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).as("a failed update loses nothing").isEqualTo(1);
    }
}
