package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.Photos.ANGELINA_2;
import static io.polyface.conformance.Photos.IVAN;
import static io.polyface.conformance.Photos.JENNIFER_1;
import static io.polyface.conformance.Photos.SCARLETT_1;
import static io.polyface.conformance.qiniu.QiniuSources.IMAGE_SERVICE;
import static io.polyface.conformance.qiniu.QiniuSources.REPLY_WITH_CODE_200;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.Proves;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Image groups, sections 1.1-1.10: search by whole image, scores 0..1 with 1 for the same image;
 * where the document is silent, as Qiniu's own server answers.
 */
class QiniuImageGroupTest extends BaseQiniuTest {

    private static void add(String group, String id, String photo, String tag) {
        QiniuResponse added = env.client().post("/v1/image/groups/" + group + "/add",
                Map.of("image", Map.of("id", id, "uri", env.data(photo), "tag", tag, "desc", Map.of("n", id))));
        assertThat(added.status()).as(added.exchange().describe()).isEqualTo(200);
        assertThat(added.json().path("id").asText()).isEqualTo(id);
    }

    /** Adds p1 (Angelina), p2 (Scarlett) and p3 (Jennifer), tagged t1 to t3. */
    private static void addThreeImages(String group) {
        add(group, "p1", ANGELINA_1, "t1");
        add(group, "p2", SCARLETT_1, "t2");
        add(group, "p3", JENNIFER_1, "t3");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.group.create", code = "200", section = "1.1")
    @Proves(dialect = "qiniu", operation = "image.group.list", code = "200", section = "1.2")
    @Proves(dialect = "qiniu", operation = "image.group.info", code = "200", section = "1.3")
    @Proves(dialect = "qiniu", operation = "image.group.remove", code = "200", section = "1.4")
    @Proves(dialect = "qiniu", operation = "image.add", code = "200", section = "1.5")
    void aGroupIsCreatedListedDescribedAndRemoved() {
        QiniuResponse noCapacity = env.client().post("/v1/image/groups/" + env.name("nocap"), Map.of("config", Map.of()));
        assertThat(noCapacity.status()).as("capacity is required (1.1)").isEqualTo(400);
        assertThat(noCapacity.error()).isEqualTo("invalid group capacity");
        env.assertGroupLifecycle("image", group -> {
            add(group, "p1", ANGELINA_1, "t1");
            add(group, "p2", SCARLETT_1, "t2");
            QiniuResponse generated = env.client().post("/v1/image/groups/" + group + "/add", Map.of("image", Map.of("uri", env.data(IVAN))));
            assertThat(generated.json().path("id").asText()).isNotEmpty();
        }, 3, 3);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.search", code = "200", section = "1.6")
    @Proves(dialect = "qiniu", operation = "image.update", code = "200", section = "1.8")
    @Proves(dialect = "qiniu", operation = "image.delete", code = "200", section = "1.7")
    void searchFindsTheSameImageWithScoreOneAndNotOtherPhotos() {
        String group = env.newImageGroup();
        addThreeImages(group);
        QiniuResponse found = env.client().post("/v1/image/groups/" + group + "/search",
                Map.of("images", List.of(env.data(SCARLETT_1), env.data(IVAN)), "threshold", 0.3, "limit", 5));
        JsonNode same = found.json().at("/search_results/0/results");
        assertThat(same).hasSize(1);
        assertThat(same.at("/0/id").asText()).isEqualTo("p2");
        assertThat(same.at("/0/score").asDouble()).isEqualTo(1.0);
        assertThat(same.at("/0/desc/n").asText()).isEqualTo("p2");
        assertThat(found.json().at("/search_results/1/results")).as("an unrelated photo").isEmpty();

        env.client().post("/v1/image/groups/" + group + "/update",
                Map.of("image", Map.of("id", "p2", "uri", env.data(IVAN), "tag", "ivan")));
        JsonNode now = env.client().post("/v1/image/groups/" + group + "/search", Map.of("images", List.of(env.data(IVAN))))
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
        addThreeImages(group);
        // No threshold is 0 and "limit": 0 is 1000: every image of the group, the same one first.
        for (Object body : List.of(Map.of("images", List.of(env.data(SCARLETT_1)), "limit", 0),
                Map.of("images", List.of(env.data(SCARLETT_1))))) {
            JsonNode results = env.client().post("/v1/image/groups/" + group + "/search", body).json().at("/search_results/0/results");
            assertThat(results).hasSize(3);
            assertThat(results.at("/0/id").asText()).isEqualTo("p2");
        }
        QiniuResponse none = env.client().post("/v1/image/groups/" + group + "/search", Map.of("images", List.of()));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("{\"search_results\":[{\"results\":[]}]}");
        QiniuResponse badThreshold = env.client().post("/v1/image/groups/" + group + "/search",
                Map.of("images", List.of(env.data(SCARLETT_1)), "threshold", 1.5));
        badThreshold.assertError(400, "invalid threshold");
        QiniuResponse badImage = env.client().post("/v1/image/groups/" + group + "/search",
                Map.of("images", List.of("data:application/octet-stream;base64,aGVsbG8=")));
        badImage.assertError(500, "failed to search image");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.update", code = "200", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.update", code = "500", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.add", code = "500", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.search", code = "500", basis = Basis.OBSERVED, section = IMAGE_SERVICE)
    @Proves(dialect = "qiniu", operation = "image.group.create", code = "200", basis = Basis.OBSERVED, section = REPLY_WITH_CODE_200)
    @Proves(dialect = "qiniu", operation = "image.group.remove", code = "200", basis = Basis.OBSERVED, section = REPLY_WITH_CODE_200)
    void anUpdateNeedsTheImageAndSetsTagAndDescAsGiven() {
        String group = env.track("image", env.name("upd"));
        QiniuResponse created = env.client().post("/v1/image/groups/" + group, Map.of("config", Map.of("capacity", 10)));
        assertThat(created.body()).isEqualTo("{}");
        add(group, "p1", ANGELINA_1, "t1");
        QiniuResponse updated = env.client().post("/v1/image/groups/" + group + "/update",
                Map.of("image", Map.of("id", "p1", "uri", env.data(IVAN))));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body()).isEqualTo("{}");
        JsonNode listed = env.client().get("/v1/image/groups/" + group + "/images").json().at("/images/0");
        assertThat(listed.path("tag").asText()).as("an absent tag is the default").isEqualTo("default");
        assertThat(listed.has("desc")).as("an absent desc is none").isFalse();
        for (Map<String, Object> image : List.<Map<String, Object>>of(Map.of("id", "p1", "tag", "x"),
                Map.of("id", "gone", "uri", env.data(IVAN)),
                Map.of("id", "p1", "uri", "data:application/octet-stream;base64,aGVsbG8="))) {
            QiniuResponse failed = env.client().post("/v1/image/groups/" + group + "/update", Map.of("image", image));
            failed.assertError(500, "failed to update image");
        }
        for (Map<String, Object> image : List.<Map<String, Object>>of(Map.of("id", "p1", "uri", env.data(IVAN)),
                Map.of("uri", "data:application/octet-stream;base64,aGVsbG8="))) {
            QiniuResponse failed = env.client().post("/v1/image/groups/" + group + "/add", Map.of("image", image));
            failed.assertError(500, "failed to add image");
        }
        QiniuResponse removed = env.client().postEmpty("/v1/image/groups/" + group + "/remove");
        assertThat(removed.body()).isEqualTo("{}");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "image.list", code = "200", section = "1.9")
    @Proves(dialect = "qiniu", operation = "image.tags", code = "200", section = "1.10")
    void imagesAndTagsArePaged() {
        String group = env.newImageGroup();
        add(group, "p1", ANGELINA_1, "a");
        add(group, "p2", ANGELINA_2, "a");
        add(group, "p3", SCARLETT_1, "b");
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
