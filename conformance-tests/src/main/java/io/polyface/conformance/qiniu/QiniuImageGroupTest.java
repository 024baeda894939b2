package io.polyface.conformance.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.ConformanceExtension;
import io.polyface.conformance.Proves;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Image groups, sections 1.1-1.10: search by whole image, scores 0..1 with 1 for the same image;
 * where the document is silent, as Qiniu's own server answers.
 */
@ExtendWith(ConformanceExtension.class)
class QiniuImageGroupTest {
    @RegisterExtension
    static final QiniuEnvironment env = new QiniuEnvironment();

    static final String IMAGE_SERVICE = "argus/feature_group_private/service/image_service.go";

    private static void add(String group, String id, String photo, String tag) {
        QiniuResponse added = env.client().post("/v1/image/groups/" + group + "/add",
                Map.of("image", Map.of("id", id, "uri", env.data(photo), "tag", tag, "desc", Map.of("n", id))));
        assertThat(added.status()).as(added.exchange().describe()).isEqualTo(200);
        assertThat(added.json().path("id").asText()).isEqualTo(id);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.group.create", code = "200", section = "1.1")
    @Proves(dialect = "qiniu", operation = "image.group.list", code = "200", section = "1.2")
    @Proves(dialect = "qiniu", operation = "image.group.info", code = "200", section = "1.3")
    @Proves(dialect = "qiniu", operation = "image.group.remove", code = "200", section = "1.4")
    @Proves(dialect = "qiniu", operation = "image.add", code = "200", section = "1.5")
    void aGroupIsCreatedListedDescribedAndRemoved() {
        String group = env.track("image", env.name("life"));
        assertThat(env.client().post("/v1/image/groups/" + group, Map.of("config", Map.of("capacity", 300000))).status()).isEqualTo(200);
        QiniuResponse noCapacity = env.client().post("/v1/image/groups/" + env.name("nocap"), Map.of("config", Map.of()));
        assertThat(noCapacity.status()).as("capacity is required (1.1)").isEqualTo(400);
        assertThat(noCapacity.error()).isEqualTo("invalid group capacity");
        assertThat(env.client().get("/v1/image/groups").strings("/groups")).contains(group);
        add(group, "p1", "angelina/deepface_img5.jpg", "t1");
        add(group, "p2", "scarlett/deepface_img50.jpg", "t2");
        QiniuResponse generated = env.client().post("/v1/image/groups/" + group + "/add", Map.of("image", Map.of("uri", env.data("ivan/mtcnn_ivan.jpg"))));
        assertThat(generated.json().path("id").asText()).isNotEmpty();

        QiniuResponse info = env.client().get("/v1/image/groups/" + group);
        assertThat(info.json().at("/config/capacity").asLong()).isEqualTo(300000);
        assertThat(info.json().path("tags").asInt()).isEqualTo(3);
        assertThat(info.json().path("count").asInt()).isEqualTo(3);
        assertThat(env.client().postEmpty("/v1/image/groups/" + group + "/remove").status()).isEqualTo(200);
        assertThat(env.client().get("/v1/image/groups").strings("/groups")).doesNotContain(group);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.search", code = "200", section = "1.6")
    @Proves(dialect = "qiniu", operation = "image.update", code = "200", section = "1.8")
    @Proves(dialect = "qiniu", operation = "image.delete", code = "200", section = "1.7")
    void searchFindsTheSameImageWithScoreOneAndNotOtherPhotos() {
        String group = env.newImageGroup();
        add(group, "p1", "angelina/deepface_img5.jpg", "t1");
        add(group, "p2", "scarlett/deepface_img50.jpg", "t2");
        add(group, "p3", "jennifer/deepface_img12.jpg", "t3");
        QiniuResponse found = env.client().post("/v1/image/groups/" + group + "/search",
                Map.of("images", List.of(env.data("scarlett/deepface_img50.jpg"), env.data("ivan/mtcnn_ivan.jpg")), "threshold", 0.3, "limit", 5));
        JsonNode same = found.json().at("/search_results/0/results");
        assertThat(same).hasSize(1);
        assertThat(same.at("/0/id").asText()).isEqualTo("p2");
        assertThat(same.at("/0/score").asDouble()).isEqualTo(1.0);
        assertThat(same.at("/0/desc/n").asText()).isEqualTo("p2");
        assertThat(found.json().at("/search_results/1/results")).as("an unrelated photo").isEmpty();

        env.client().post("/v1/image/groups/" + group + "/update",
                Map.of("image", Map.of("id", "p2", "uri", env.data("ivan/mtcnn_ivan.jpg"), "tag", "ivan")));
        JsonNode now = env.client().post("/v1/image/groups/" + group + "/search", Map.of("images", List.of(env.data("ivan/mtcnn_ivan.jpg"))))
                .json().at("/search_results/0/results/0");
        assertThat(now.path("id").asText()).isEqualTo("p2");
        assertThat(now.path("tag").asText()).isEqualTo("ivan");

        assertThat(env.client().post("/v1/image/groups/" + group + "/delete", Map.of("ids", List.of("p2", "zz"))).strings("/deleted"))
                .containsExactly("p2");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.search", code = "200", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.search", code = "400", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    void aZeroOrAbsentLimitAndThresholdAreTheServersDefaults() {
        String group = env.newImageGroup();
        add(group, "p1", "angelina/deepface_img5.jpg", "t1");
        add(group, "p2", "scarlett/deepface_img50.jpg", "t2");
        add(group, "p3", "jennifer/deepface_img12.jpg", "t3");
        // No threshold is 0 and "limit": 0 is 1000: every image of the group, the same one first.
        for (Object body : List.of(Map.of("images", List.of(env.data("scarlett/deepface_img50.jpg")), "limit", 0),
                Map.of("images", List.of(env.data("scarlett/deepface_img50.jpg"))))) {
            JsonNode results = env.client().post("/v1/image/groups/" + group + "/search", body).json().at("/search_results/0/results");
            assertThat(results).hasSize(3);
            assertThat(results.at("/0/id").asText()).isEqualTo("p2");
        }
        QiniuResponse none = env.client().post("/v1/image/groups/" + group + "/search", Map.of("images", List.of()));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("{\"search_results\":[{\"results\":[]}]}");
        QiniuResponse badThreshold = env.client().post("/v1/image/groups/" + group + "/search",
                Map.of("images", List.of(env.data("scarlett/deepface_img50.jpg")), "threshold", 1.5));
        assertThat(badThreshold.status()).isEqualTo(400);
        assertThat(badThreshold.error()).isEqualTo("invalid threshold");
        QiniuResponse badImage = env.client().post("/v1/image/groups/" + group + "/search",
                Map.of("images", List.of("data:application/octet-stream;base64,aGVsbG8=")));
        assertThat(badImage.status()).isEqualTo(500);
        assertThat(badImage.error()).isEqualTo("failed to search image");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.update", code = "200", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.update", code = "500", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.add", code = "500", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.search", code = "500", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.group.create", code = "200", basis = Basis.OBSERVED,
            section = "argus/vendor/github.com/qiniu/http/rpcutil.v1/rpc_util.go (ReplyWithCode 200)")
    @Proves(dialect = "qiniu", operation = "image.group.remove", code = "200", basis = Basis.OBSERVED,
            section = "argus/vendor/github.com/qiniu/http/rpcutil.v1/rpc_util.go (ReplyWithCode 200)")
    void anUpdateNeedsTheImageAndSetsTagAndDescAsGiven() {
        String group = env.track("image", env.name("upd"));
        QiniuResponse created = env.client().post("/v1/image/groups/" + group, Map.of("config", Map.of("capacity", 10)));
        assertThat(created.body()).isEqualTo("{}");
        add(group, "p1", "angelina/deepface_img5.jpg", "t1");
        QiniuResponse updated = env.client().post("/v1/image/groups/" + group + "/update",
                Map.of("image", Map.of("id", "p1", "uri", env.data("ivan/mtcnn_ivan.jpg"))));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body()).isEqualTo("{}");
        JsonNode listed = env.client().get("/v1/image/groups/" + group + "/images").json().at("/images/0");
        assertThat(listed.path("tag").asText()).as("an absent tag is the default").isEqualTo("default");
        assertThat(listed.has("desc")).as("an absent desc is none").isFalse();
        for (Map<String, Object> image : List.<Map<String, Object>>of(Map.of("id", "p1", "tag", "x"),
                Map.of("id", "gone", "uri", env.data("ivan/mtcnn_ivan.jpg")),
                Map.of("id", "p1", "uri", "data:application/octet-stream;base64,aGVsbG8="))) {
            QiniuResponse failed = env.client().post("/v1/image/groups/" + group + "/update", Map.of("image", image));
            assertThat(failed.status()).as(failed.exchange().describe()).isEqualTo(500);
            assertThat(failed.error()).isEqualTo("failed to update image");
        }
        for (Map<String, Object> image : List.<Map<String, Object>>of(Map.of("id", "p1", "uri", env.data("ivan/mtcnn_ivan.jpg")),
                Map.of("uri", "data:application/octet-stream;base64,aGVsbG8="))) {
            QiniuResponse failed = env.client().post("/v1/image/groups/" + group + "/add", Map.of("image", image));
            assertThat(failed.status()).as(failed.exchange().describe()).isEqualTo(500);
            assertThat(failed.error()).isEqualTo("failed to add image");
        }
        QiniuResponse removed = env.client().postEmpty("/v1/image/groups/" + group + "/remove");
        assertThat(removed.body()).isEqualTo("{}");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.list", code = "200", section = "1.9")
    @Proves(dialect = "qiniu", operation = "image.tags", code = "200", section = "1.10")
    void imagesAndTagsArePaged() {
        String group = env.newImageGroup();
        add(group, "p1", "angelina/deepface_img5.jpg", "a");
        add(group, "p2", "angelina/deepface_img11.jpg", "a");
        add(group, "p3", "scarlett/deepface_img50.jpg", "b");
        QiniuResponse first = env.client().get("/v1/image/groups/" + group + "/images?limit=2");
        assertThat(first.json().path("images")).hasSize(2);
        QiniuResponse second = env.client().get("/v1/image/groups/" + group + "/images?limit=2&marker=" + first.json().path("marker").asText());
        assertThat(second.json().path("images")).hasSize(1);
        assertThat(second.json().path("marker").asText()).isEmpty();
        assertThat(env.client().get("/v1/image/groups/" + group + "/images?tag=b").json().at("/images/0/id").asText()).isEqualTo("p3");
        QiniuResponse tags = env.client().get("/v1/image/groups/" + group + "/tags");
        assertThat(tags.json().at("/tags/0/count").asInt()).isEqualTo(2);
        assertThat(tags.json().at("/tags/1/name").asText()).isEqualTo("b");
        assertThat(tags.json().path("marker").asText()).isEmpty();
    }
}
