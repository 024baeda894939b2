package io.polyface.plugin.dmai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.toolkit.dialect.DialectFixtures;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Target ids have a length limit, enforced with the document's catch-all 500 before anything is
 * stored, and what an answer quotes of client input is short.
 */
class DmaiLimitsTest {
    private static final String FIVE_MB = "t".repeat(5 << 20);
    private static final String IMAGE = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    private static final CollectionRef COLLECTION = new CollectionRef("default", "face_col");

    private final DmaiFakeEngine engine = new DmaiFakeEngine();
    private final DmaiDialect dialect = new DmaiDialect(DialectFixtures.on(engine, "default"));

    private JsonNode call(String path, ObjectNode body) {
        Operation operation = dialect.operations().stream()
                .filter(o -> o.pathTemplate().equals(DmaiDialect.BASE + path)).findFirst().orElseThrow();
        DialectResponse response;
        try {
            response = operation.handler().handle(new DialectRequest("POST", DmaiDialect.BASE + path, Map.of(), Map.of(),
                    Map.of("Content-Type", List.of("application/json")), Json.PLAIN.writeValueAsBytes(body)));
        } catch (FaceException failure) {
            response = dialect.renderError(failure, operation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(response.status()).isEqualTo(200);
        try {
            return Json.STRICT.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode insert(String... targets) {
        ObjectNode body = Json.object().put("collection_name", COLLECTION.name());
        ArrayNode images = body.putArray("face_image");
        ArrayNode ids = body.putArray("target_id");
        for (String target : targets) {
            images.add(IMAGE);
            ids.add(target);
        }
        return call("/face/insert", body);
    }

    private static void assertTooLong(JsonNode answer, String field) {
        assertThat(answer.path("err_code").asInt()).isEqualTo(500);
        assertThat(answer.path("status").asText()).isEqualTo(field + " is longer than 256 characters");
    }

    private void createCollection() {
        call("/create/collection", Json.object().put("collection_name", COLLECTION.name()));
    }

    @Test
    void aFiveMegabyteTargetIdIsRefusedAndNothingIsStored() {
        createCollection();

        assertTooLong(insert("ann", FIVE_MB), "target_id[1]");

        assertThat(engine.tags(COLLECTION)).isEmpty();
    }

    @Test
    void targetIdsUpToTheLimitAreKeptAndOneMoreIsRefused() {
        createCollection();
        // Characters, not UTF-16 units: 256 characters outside the BMP are an id of 256.
        String longest = "\uD83D\uDE00".repeat(256);

        assertThat(insert(longest).path("success_num").asInt()).isEqualTo(1);
        assertTooLong(insert("x".repeat(257)), "target_id[0]");
        ObjectNode search = Json.object().put("collection_name", COLLECTION.name())
                .put("face_image", IMAGE).put("top_k", 5);

        assertThat(engine.tags(COLLECTION)).containsExactly(longest);
        assertThat(call("/face/search", search).path("status").get(0).path("result").asText()).isEqualTo(longest);
    }

    @Test
    void updateAndDeleteBoundTheirTargetIdsToo() {
        createCollection();
        insert("ann");
        ObjectNode update = Json.object().put("collection_name", COLLECTION.name());
        update.putArray("face_image").add(IMAGE);
        update.putArray("target_id").add(FIVE_MB);

        assertTooLong(call("/face/update", update), "target_id[0]");
        assertTooLong(call("/delete/id", Json.object().put("collection_name", COLLECTION.name())
                .put("target_id", "x".repeat(257))), "target_id");
        assertThat(call("/delete/id", Json.object().put("collection_name", COLLECTION.name())
                .put("target_id", "a".repeat(256))).path("err_code").asInt()).isZero();
        assertThat(engine.tags(COLLECTION)).containsExactly("ann");
    }

    @Test
    void aTargetIdThatIsNotAStringIsReportedInvalidQuotedShort() {
        createCollection();
        ObjectNode body = Json.object().put("collection_name", COLLECTION.name());
        body.putArray("face_image").add(IMAGE);
        body.putArray("target_id").addObject().put("huge", FIVE_MB);

        JsonNode answer = call("/face/insert", body);

        assertThat(answer.path("invalid").path("invalid_num").asInt()).isEqualTo(1);
        assertThat(answer.path("invalid").path("message").path("invalid_id").get(0).asText())
                .isEqualTo("{\"huge\":\"" + "t".repeat(55) + "...");
        assertThat(engine.tags(COLLECTION)).isEmpty();
    }

    @Test
    void anUnknownPathIsQuotedShort() {
        DialectResponse response = dialect.renderUnknownPath(
                new DialectRequest("GET", "/" + "p".repeat(10_000), Map.of(), Map.of(), Map.of(), new byte[0]));

        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"err_code\":500,\"status\":\"Not found: GET /" + "p".repeat(63) + "...\"}");
    }

    @Test
    void collectionNamesKeepTheirDocumentedLimit() {
        JsonNode tooLong = call("/create/collection", Json.object().put("collection_name", "c".repeat(256)));

        assertThat(tooLong.path("err_code").asInt()).isEqualTo(1003);
        assertThat(call("/create/collection", Json.object().put("collection_name", "c".repeat(255)))
                .path("err_code").asInt()).isZero();
        assertThat(engine.collections("default")).hasSize(1);
    }
}
