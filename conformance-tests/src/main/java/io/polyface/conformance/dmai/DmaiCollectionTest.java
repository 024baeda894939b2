package io.polyface.conformance.dmai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Section 2: create, clear, delete and describe collections, and their error codes. */
class DmaiCollectionTest extends BaseDmaiTest {
    /** Python's {@code time.ctime()}, as in the example of section 2.4. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    @Test
    @Proves(dialect = "dmai", operation = "collection.create", code = "0", section = "2.1")
    void createAnswersTheDocumentedStatus() {
        String name = env.track(env.name("create"));

        DmaiResponse response = env.client().post("/create/collection", Map.of("collection_name", name));

        assertThat(response.errCode()).as("err_code").isZero();
        assertThat(response.status()).as("status").isEqualTo("Create collection successfully!");
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.create", code = "0", section = "2.1 (the heading says GET)")
    void createAcceptsGetWithABody() {
        String name = env.track(env.name("get"));

        DmaiResponse response = env.client().send("GET", "/create/collection", DmaiClient.json(Map.of("collection_name", name)));

        assertThat(response.errCode()).as("err_code").isZero();
        assertThat(statusOf(name)).as("the collection exists").isPresent();
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.create", code = "1004", section = "2.1, 5")
    void creatingTwiceIs1004() {
        String name = env.newCollection();

        DmaiResponse again = env.client().post("/create/collection", Map.of("collection_name", name));

        assertThat(again.errCode()).as("err_code").isEqualTo(1004);
    }

    static List<Arguments> invalidNames() {
        List<Arguments> names = new ArrayList<>();
        names.add(Arguments.of("starts with a digit", "1abc"));
        names.add(Arguments.of("has a hyphen", "bad-name"));
        names.add(Arguments.of("has a space", "bad name"));
        names.add(Arguments.of("is empty", ""));
        names.add(Arguments.of("is 256 characters", "a".repeat(256)));
        names.add(Arguments.of("is a number", 42));
        names.add(Arguments.of("is a list", List.of("a")));
        names.add(Arguments.of("is missing", null));
        return names;
    }

    @ParameterizedTest(name = "create: collection_name {0} -> 1003")
    @MethodSource("invalidNames")
    @Proves(dialect = "dmai", operation = "collection.create", code = "1003", section = "2.1, 5")
    void createWithAnInvalidNameIs1003(String why, Object name) {
        DmaiResponse response = env.client().post("/create/collection", body(name));

        assertThat(response.errCode()).as("err_code for a name that " + why).isEqualTo(1003);
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.create", code = "0", section = "2.1 (names up to 255 characters)")
    void nameRuleAcceptsUnderscoreFirstAnd255Characters() {
        String longName = env.track((DmaiEnvironment.RUN_PREFIX + "x".repeat(255)).substring(0, 255));
        String underscore = env.track("_" + env.name("u"));

        assertThat(env.client().post("/create/collection", Map.of("collection_name", longName)).errCode())
                .as("err_code for a 255-character name").isZero();
        assertThat(env.client().post("/create/collection", Map.of("collection_name", underscore)).errCode())
                .as("err_code for a name starting with an underscore").isZero();
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.create", code = "1002", section = "2.1 (at most 30), 5")
    void the31stCollectionIs1002() {
        int existing = env.client().post("/collection/status", Map.of("collection_name", List.of())).json().path("status").size();
        for (int i = existing; i < 30; i++) {
            env.newCollection();
        }
        String oneTooMany = env.track(env.name("over"));

        DmaiResponse response = env.client().post("/create/collection", Map.of("collection_name", oneTooMany));

        assertThat(response.errCode()).as("err_code for collection 31 (" + existing + " existed before)").isEqualTo(1002);
        assertThat(statusOf(oneTooMany)).as("the 31st collection was not created").isEmpty();
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.clear", code = "0", section = "2.2")
    void clearRemovesEveryFeature() {
        String name = env.newCollection();
        DmaiResponse inserted = env.client().insert(name, List.of(env.faces().base64(Photos.STALLONE)), List.of("s"));
        assertThat(inserted.json().path("success_num").asInt()).as("success_num before clearing").isEqualTo(1);

        DmaiResponse cleared = env.client().post("/clear/collection", Map.of("collection_name", name));

        assertThat(cleared.errCode()).as("err_code").isZero();
        assertThat(cleared.status()).as("status").isEqualTo("Clear collection successfully!");
        assertThat(statusOf(name).orElseThrow().path("feature_num").asInt()).as("feature_num after clearing").isZero();
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.delete", code = "0", section = "2.3")
    void deleteRemovesTheCollection() {
        String name = env.newCollection();

        DmaiResponse deleted = env.client().post("/delete/collection", Map.of("collection_name", name));

        assertThat(deleted.errCode()).as("err_code").isZero();
        assertThat(deleted.status()).as("status").isEqualTo("Delete collection successfully!");
        assertThat(statusOf(name)).as("the collection is gone").isEmpty();
    }

    @ParameterizedTest(name = "{0} of an unknown collection -> 1006")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/clear/collection", "/delete/collection"})
    @Proves(dialect = "dmai", operation = "collection.clear", code = "1006", section = "2.2, 5")
    @Proves(dialect = "dmai", operation = "collection.delete", code = "1006", section = "2.3, 5")
    void changingAnUnknownCollectionIs1006(String path) {
        DmaiResponse response = env.client().post(path, Map.of("collection_name", env.name("never_created")));

        assertThat(response.errCode()).as("err_code").isEqualTo(1006);
    }

    @ParameterizedTest(name = "{0} with an invalid name -> 1003")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/clear/collection", "/delete/collection"})
    @Proves(dialect = "dmai", operation = "collection.clear", code = "1003", section = "2.2, 5")
    @Proves(dialect = "dmai", operation = "collection.delete", code = "1003", section = "2.3, 5")
    void changingWithAnInvalidNameIs1003(String path) {
        assertThat(env.client().post(path, Map.of("collection_name", "9-lives")).errCode()).as("err_code for '9-lives'").isEqualTo(1003);
        assertThat(env.client().post(path, Map.of()).errCode()).as("err_code without collection_name").isEqualTo(1003);
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.status", code = "0", section = "2.4")
    void statusDescribesTheNamedCollections() {
        String first = env.newCollection();
        String second = env.newCollection();

        DmaiResponse response = env.client().post("/collection/status", Map.of("collection_name", List.of(first, second)));

        assertThat(response.errCode()).as("err_code").isZero();
        JsonNode status = response.json().path("status");
        assertThat(status.size()).as("entries in status").isEqualTo(2);
        assertThat(List.of(status.get(0).path("collection_name").asText(), status.get(1).path("collection_name").asText()))
                .as("collection_name of the entries").containsExactlyInAnyOrder(first, second);
        for (JsonNode entry : status) {
            assertThat(entry.path("feature_num").isInt()).as("feature_num is an integer").isTrue();
            assertThat(entry.path("feature_num").asInt()).as("feature_num of a new collection").isZero();
            LocalDateTime created = LocalDateTime.parse(entry.path("create_time").asText(), CTIME);
            LocalDateTime updated = LocalDateTime.parse(entry.path("update_time").asText(), CTIME);
            assertThat(updated).as("update_time is not before create_time").isAfterOrEqualTo(created);
        }
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.status", code = "0", section = "2.4 ([] lists every collection)")
    void emptyListDescribesEveryCollection() {
        String first = env.newCollection();
        String second = env.newCollection();

        DmaiResponse response = env.client().post("/collection/status", Map.of("collection_name", List.of()));

        assertThat(response.errCode()).as("err_code").isZero();
        assertThat(response.strings("/status").size()).as("entries").isGreaterThanOrEqualTo(2);
        List<String> names = new ArrayList<>();
        response.json().path("status").forEach(e -> names.add(e.path("collection_name").asText()));
        assertThat(names).as("collection names listed").contains(first, second);
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.status", code = "0", section = "2.4 (feature_num, update_time)")
    void statusCountsFeaturesAfterAnInsert() {
        String name = env.newCollection();
        JsonNode before = statusOf(name).orElseThrow();
        env.client().insert(name, List.of(env.faces().base64(Photos.IVAN)), List.of("ivan"));

        JsonNode after = statusOf(name).orElseThrow();

        assertThat(after.path("feature_num").asInt()).as("feature_num after one insert").isEqualTo(1);
        assertThat(after.path("create_time").asText()).as("create_time does not change").isEqualTo(before.path("create_time").asText());
        assertThat(LocalDateTime.parse(after.path("update_time").asText(), CTIME))
                .as("update_time after the insert").isAfterOrEqualTo(LocalDateTime.parse(before.path("update_time").asText(), CTIME));
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.status", code = "1005", section = "2.4, 5")
    void statusOfAnUnknownCollectionIs1005() {
        DmaiResponse response = env.client().post("/collection/status", Map.of("collection_name", List.of(env.name("never_created"))));

        assertThat(response.errCode()).as("err_code").isEqualTo(1005);
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.status", code = "1003", section = "2.4, 5")
    void statusWithAnInvalidNameIs1003() {
        assertThat(env.client().post("/collection/status", Map.of("collection_name", List.of("no-hyphens"))).errCode())
                .as("err_code for ['no-hyphens']").isEqualTo(1003);
        assertThat(env.client().post("/collection/status", Map.of("collection_name", 7)).errCode())
                .as("err_code for collection_name 7").isEqualTo(1003);
        assertThat(env.client().post("/collection/status", Map.of()).errCode())
                .as("err_code without collection_name").isEqualTo(1003);
    }

    private static Optional<JsonNode> statusOf(String name) {
        DmaiResponse response = env.client().post("/collection/status", Map.of("collection_name", List.of()));
        for (JsonNode entry : response.json().path("status")) {
            if (entry.path("collection_name").asText().equals(name)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> body(Object name) {
        Map<String, Object> body = new HashMap<>();
        if (name != null) {
            body.put("collection_name", name);
        }
        return body;
    }
}
