package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.qiniu.QiniuFeatureValues.base64;
import static io.polyface.conformance.qiniu.QiniuFeatureValues.floats;
import static io.polyface.conformance.qiniu.QiniuSources.BASE_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.Proves;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The private service's raw-feature API ({@code /v1/face/groups/<g>/feature/add|update|search}),
 * which the document does not describe: what the vendor's public server code answers.
 */
class QiniuFeatureApiTest extends BaseQiniuTest {
    /** The characters of the ids the vendor's benchmark loader makes (search.GetRandomString). */
    private static final String ID_CHARACTERS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-";

    private static int dimension(String group) {
        return env.client().get("/v1/face/groups/" + group).json().at("/config/dimension").asInt();
    }

    /** A feature as the benchmark loader makes one: each value uniform in [-1, 1), not normalised. */
    private static float[] benchmarkVector(Random random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static float[] basis(int dimension, int index, float length) {
        float[] v = new float[dimension];
        v[index] = length;
        return v;
    }

    private static float dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return (float) sum;
    }

    private static Map<String, Object> feature(String id, float[] vector) {
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("id", id);
        feature.put("value", base64(vector));
        return feature;
    }

    private static QiniuResponse add(String group, List<Map<String, Object>> features) {
        return env.client().post("/v1/face/groups/" + group + "/feature/add", Map.of("features", features));
    }

    private static QiniuResponse search(String group, Object body) {
        return env.client().post("/v1/face/groups/" + group + "/feature/search", body);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.feature.add", code = "200", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.feature.search", code = "200", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void featuresLoadedAsTheVendorsBenchmarkLoaderDoesAreFoundByFeatureSearch() {
        String group = env.newFaceGroup();
        int dimension = dimension(group);
        Random random = new Random(20181122);
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        // bench_report/main.go: 12-character random ids, float32 values of r.Float32()*2-1, in batches of 100
        for (int batch = 0; batch < 3; batch++) {
            List<Map<String, Object>> features = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                StringBuilder id = new StringBuilder();
                for (int c = 0; c < 12; c++) {
                    id.append(ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length())));
                }
                float[] vector = benchmarkVector(random, dimension);
                ids.add(id.toString());
                vectors.add(vector);
                features.add(feature(id.toString(), vector));
            }
            QiniuResponse added = add(group, features);
            assertThat(added.status()).isEqualTo(200);
            assertThat(added.json().isObject() && added.json().isEmpty()).as("the service answers {}").isTrue();
        }
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).isEqualTo(300);

        // The benchmark searches with threshold -1 and limit 1: each loaded feature finds itself.
        List<String> probes = new ArrayList<>();
        for (int i = 0; i < 300; i += 37) {
            probes.add(base64(vectors.get(i)));
        }
        QiniuResponse found = search(group, Map.of("features", probes, "threshold", -1.0, "limit", 1));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().isArray()).isTrue();
        assertThat(found.json()).hasSize(probes.size());
        for (int p = 0; p < probes.size(); p++) {
            int i = p * 37;
            JsonNode hits = found.json().get(p);
            assertThat(hits).hasSize(1);
            assertThat(hits.get(0).at("/value/id").asText()).isEqualTo(ids.get(i));
            assertThat(floats(hits.get(0).at("/value/value").asText())).containsExactly(vectors.get(i));
            // the plain inner product of vectors as given: about dimension/3 for these, not a cosine
            assertThat(hits.get(0).path("score").floatValue())
                    .isCloseTo(dot(vectors.get(i), vectors.get(i)), within(dot(vectors.get(i), vectors.get(i)) * 1e-5f));
            assertThat(hits.get(0).path("value").has("tag")).as("an empty tag is left out").isFalse();
        }
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.group.info", code = "200", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void groupInfoSaysTheFeatureConfigTheGroupWasCreatedWith() {
        String group = env.newFaceGroup();
        JsonNode config = env.client().get("/v1/face/groups/" + group).json().path("config");
        assertThat(config.path("capacity").asInt()).isEqualTo(1000);
        assertThat(config.path("precision").asInt()).isEqualTo(4);
        assertThat(config.path("version").asInt()).isZero();
        if (!env.external()) {
            assertThat(config.path("dimension").asInt()).as("the local engine's embedding width").isEqualTo(512);
        }
        String versioned = env.track("face", env.name("fv"));
        assertThat(env.client().post("/v1/face/groups/" + versioned,
                Map.of("config", Map.of("capacity", 10, "version", 3, "precision", 4))).status()).isEqualTo(200);
        assertThat(env.client().get("/v1/face/groups/" + versioned).json().at("/config/version").asInt()).isEqualTo(3);
    }

    @Test
    void aGroupOfAnotherDimensionThanTheEnginesIsRefused() {
        assumeFalse(env.external(), "the service itself takes any dimension; here a group holds the engine's features");
        String other = env.track("face", env.name("fd"));
        QiniuResponse created = env.client().post("/v1/face/groups/" + other, Map.of("config", Map.of("capacity", 10, "dimension", 4096)));
        created.assertError(400, "invalid group dimension");
        assertThat(env.client().get("/v1/face/groups/" + other).status()).isNotEqualTo(200);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.feature.add", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.feature.search", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void aValueOfAnotherLengthIsInvalidFeatureFormatAndAnUnknownGroupDoesNotExist() {
        String group = env.newFaceGroup();
        int dimension = dimension(group);
        QiniuResponse shortOne = add(group, List.of(feature("a", basis(dimension, 0, 1)), feature("b", new float[dimension - 1])));
        shortOne.assertError(400, "invalid feature format");
        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).as("nothing added").isZero();

        String unknown = env.name("nosuch");
        QiniuResponse noGroup = add(unknown, List.of(feature("a", basis(dimension, 0, 1))));
        noGroup.assertError(400, "group not exist");
        QiniuResponse noGroupSearch = search(unknown, Map.of("features", List.of(base64(basis(dimension, 0, 1)))));
        noGroupSearch.assertError(400, "group not exist");
        if (!env.external()) {
            // the service compares a probe of another length with garbage or fails; here it is refused
            QiniuResponse badProbe = search(group, Map.of("features", List.of(base64(new float[dimension + 1]))));
            badProbe.assertError(400, "invalid feature format");
        }
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.feature.add", code = "500", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void anEmptyOrTakenIdFailsTheWholeBatch() {
        String group = env.newFaceGroup();
        int dimension = dimension(group);
        assertThat(add(group, List.of(feature("taken", basis(dimension, 0, 1)))).status()).isEqualTo(200);

        QiniuResponse taken = add(group, List.of(feature("fresh", basis(dimension, 1, 1)), feature("taken", basis(dimension, 2, 1))));
        taken.assertError(500, "failed to add feature");
        QiniuResponse empty = add(group, List.of(feature("", basis(dimension, 3, 1))));
        empty.assertError(500, "failed to add feature");

        assertThat(env.client().get("/v1/face/groups/" + group).json().path("count").asInt()).isEqualTo(1);
        JsonNode hits = search(group, Map.of("features", List.of(base64(basis(dimension, 1, 1))), "threshold", -1, "limit", 10)).json();
        assertThat(hits.get(0).findValuesAsText("id")).containsExactly("taken");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.feature.update", code = "200", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.feature.update", code = "500", basis = Basis.OBSERVED, section = BASE_SERVICE)
    @Proves(dialect = "qiniu", operation = "face.feature.update", code = "400", basis = Basis.OBSERVED, section = BASE_SERVICE)
    void anUpdateReplacesValueTagDescAndBoxAsGiven() {
        String group = env.newFaceGroup();
        int dimension = dimension(group);
        Map<String, Object> original = feature("f1", basis(dimension, 0, 1));
        original.put("tag", "alice");
        original.put("desc", Map.of("note", "first"));
        original.put("bounding_box", Map.of("pts", List.of(List.of(1, 2), List.of(30, 2), List.of(30, 40), List.of(1, 40)), "score", 0.5));
        assertThat(add(group, List.of(original)).status()).isEqualTo(200);
        JsonNode before = search(group, Map.of("features", List.of(base64(basis(dimension, 0, 1))))).json().at("/0/0/value");
        assertThat(before.path("tag").asText()).isEqualTo("alice");
        assertThat(before.at("/desc/note").asText()).isEqualTo("first");
        assertThat(before.path("bounding_box").toString()).isEqualTo("{\"pts\":[[1,2],[30,2],[30,40],[1,40]],\"score\":0.5}");

        QiniuResponse updated = env.client().post("/v1/face/groups/" + group + "/feature/update",
                Map.of("features", List.of(Map.of("ID", "f1", "Value", base64(basis(dimension, 5, 2)), "tag", "bob"))));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().isObject() && updated.json().isEmpty()).isTrue();

        JsonNode after = search(group, Map.of("features", List.of(base64(basis(dimension, 5, 1))))).json().at("/0/0");
        assertThat(after.at("/value/id").asText()).isEqualTo("f1");
        assertThat(after.path("score").floatValue()).isEqualTo(2.0f);
        assertThat(after.at("/value/tag").asText()).isEqualTo("bob");
        assertThat(after.path("value").has("desc")).as("an absent desc is cleared").isFalse();
        assertThat(after.at("/value/bounding_box").toString()).isEqualTo("{}");
        assertThat(search(group, Map.of("features", List.of(base64(basis(dimension, 0, 1))))).json().get(0))
                .as("the old value is gone: its inner product with the new one is 0, below no threshold but not above 0")
                .allSatisfy(hit -> assertThat(hit.path("score").floatValue()).isZero());

        QiniuResponse missing = env.client().post("/v1/face/groups/" + group + "/feature/update",
                Map.of("features", List.of(feature("nobody", basis(dimension, 1, 1)))));
        missing.assertError(500, "failed to update feature");
        QiniuResponse noGroup = env.client().post("/v1/face/groups/" + env.name("nosuch") + "/feature/update",
                Map.of("features", List.of(feature("f1", basis(dimension, 1, 1)))));
        noGroup.assertError(400, "group not exist");
    }

    @Test
    void searchKeepsHitsAtLeastTheThresholdZeroByDefaultAndAnswersNegativeScoresAsZero() {
        String group = env.newFaceGroup();
        int dimension = dimension(group);
        assertThat(add(group, List.of(feature("big", basis(dimension, 0, 2)), feature("small", basis(dimension, 0, 0.5f)),
                feature("opposite", basis(dimension, 0, -1)), feature("orthogonal", basis(dimension, 1, 1)))).status()).isEqualTo(200);
        String probe = base64(basis(dimension, 0, 1));

        JsonNode byDefault = search(group, Map.of("features", List.of(probe))).json().get(0);
        assertThat(byDefault.findValuesAsText("id")).containsExactly("big", "small", "orthogonal");
        assertThat(byDefault.findValues("score")).extracting(JsonNode::floatValue).containsExactly(2.0f, 0.5f, 0.0f);

        JsonNode all = search(group, Map.of("Features", List.of(probe), "Threshold", -5, "LIMIT", 10)).json().get(0);
        assertThat(all.findValuesAsText("id")).as("keys in any case").containsExactly("big", "small", "orthogonal", "opposite");
        assertThat(all.get(3).path("score").floatValue()).as("a negative inner product is answered as 0").isZero();

        assertThat(search(group, Map.of("features", List.of(probe), "limit", 1, "threshold", 0.6)).json().get(0).findValuesAsText("id"))
                .containsExactly("big");
        assertThat(search(group, Map.of("features", List.of())).json().toString()).isEqualTo("[]");
        assertThat(search(group, Map.of("features", List.of(probe), "threshold", 3)).json().toString()).isEqualTo("[[]]");
    }

    @Test
    void featuresAndFacesFromImagesShareTheGroupAndItsDelete() {
        String group = env.newFaceGroup();
        int dimension = dimension(group);
        QiniuResponse photo = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("uri", env.data(ANGELINA_1), "id", "photo", "tag", "angelina")));
        assertThat(photo.status()).isEqualTo(200);
        assertThat(add(group, List.of(feature("raw", basis(dimension, 0, 1)))).status()).isEqualTo(200);

        // the photo's own feature, read back through a search, finds the photo with a cosine of 1
        JsonNode any = search(group, Map.of("features", List.of(base64(basis(dimension, 2, 1))), "threshold", -10, "limit", 2)).json().get(0);
        String photoValue = any.findParents("id").stream().filter(v -> v.path("id").asText().equals("photo"))
                .findFirst().orElseThrow().path("value").asText();
        JsonNode self = search(group, Map.of("features", List.of(photoValue), "limit", 1)).json().at("/0/0");
        assertThat(self.at("/value/id").asText()).isEqualTo("photo");
        assertThat(self.at("/value/tag").asText()).isEqualTo("angelina");
        assertThat(self.path("score").floatValue()).isCloseTo(1.0f, within(1e-4f));
        assertThat(self.at("/value/bounding_box/pts")).hasSize(4);

        QiniuResponse deleted = env.client().post("/v1/face/groups/" + group + "/delete", Map.of("ids", List.of("raw")));
        assertThat(deleted.json().path("deleted").findValuesAsText("deleted")).isEmpty();
        assertThat(deleted.json().path("deleted").get(0).asText()).isEqualTo("raw");
        assertThat(search(group, Map.of("features", List.of(base64(basis(dimension, 0, 1))), "threshold", 0.5)).json().toString())
                .isEqualTo("[[]]");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.feature.add", code = "401", basis = Basis.EMULATOR_ONLY, section = "the private service trusts every caller; the gateway signs every Qiniu route")
    @Proves(dialect = "qiniu", operation = "face.feature.update", code = "401", basis = Basis.EMULATOR_ONLY, section = "the private service trusts every caller; the gateway signs every Qiniu route")
    @Proves(dialect = "qiniu", operation = "face.feature.search", code = "401", basis = Basis.EMULATOR_ONLY, section = "the private service trusts every caller; the gateway signs every Qiniu route")
    void anUnsignedCallIsRefused() {
        assumeFalse(env.external(), "the private service does not check signatures");
        String group = env.newFaceGroup();
        QiniuClient unsigned = env.client().withKey(Optional.empty());
        byte[] body = "{\"features\":[]}".getBytes(StandardCharsets.UTF_8);
        for (String op : List.of("add", "update", "search")) {
            QiniuResponse refused = unsigned.send("POST", "/v1/face/groups/" + group + "/feature/" + op, body, Optional.of("application/json"));
            assertThat(refused.status()).as(op).isEqualTo(401);
            assertThat(refused.error()).isNotBlank();
        }
    }
}
