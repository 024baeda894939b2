package io.polyface.conformance.dmai;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests no client should send: every answer is still HTTP 200 with an {@code err_code} (section
 * 5: "状态码为10xx或500"), never an HTTP 500 or a stack trace.
 */
class DmaiRobustnessTest extends BaseDmaiTest {
    @ParameterizedTest(name = "malformed JSON {0}")
    @ValueSource(strings = {"{", "{\"face_image1\": }", "not json at all", "{\"a\":1} trailing", "[1, 2]", "\"a string\"", "null"})
    @Proves(dialect = "dmai", operation = "face.compare", code = "500", section = "5 (a request that is not a JSON object)")
    void malformedJsonIsAnEnvelopeWith500(String body) {
        DmaiResponse response = env.client().send("POST", "/face/compare", body.getBytes(StandardCharsets.UTF_8));

        assertEnvelope(response, 500);
    }

    @Test
    @Proves(dialect = "dmai", operation = "collection.create", code = "500", section = "5 (malformed request body)")
    void malformedJsonOnCreateIs500() {
        DmaiResponse response = env.client().send("POST", "/create/collection", "{\"collection_name\": ".getBytes(StandardCharsets.UTF_8));

        assertEnvelope(response, 500);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.compare", code = "500", section = "5 (empty request body)")
    void emptyBodyIs500() {
        assertEnvelope(env.client().send("POST", "/face/compare", new byte[0]), 500);
        assertEnvelope(env.client().send("GET", "/face/compare", new byte[0]), 500);
    }

    @Test
    @Proves(dialect = "dmai", code = "500", section = "5 (malformed request body)", operation = {"collection.clear", "collection.delete",
            "collection.status", "face.insert", "face.update", "target.delete"})
    void everyOperationWithABodyAnswersMalformedJsonWith500() {
        for (String path : List.of("/clear/collection", "/delete/collection", "/collection/status", "/face/insert", "/face/update", "/delete/id")) {
            assertEnvelope(env.client().send("POST", path, "{oops".getBytes(StandardCharsets.UTF_8)), 500);
        }
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.insert", code = "500", section = "3.1 (face_image and target_id are lists), 5")
    @Proves(dialect = "dmai", operation = "face.update", code = "500", section = "3.2 (face_image and target_id are lists), 5")
    @Proves(dialect = "dmai", operation = "target.delete", code = "500", section = "3.3 (target_id is a string), 5")
    void wrongTypesAre500() {
        String name = env.newCollection();
        String image = env.faces().base64(Photos.STALLONE);

        assertEnvelope(env.client().post("/face/insert", Map.of("collection_name", name, "face_image", image, "target_id", List.of("x"))), 500);
        assertEnvelope(env.client().post("/face/insert", Map.of("collection_name", name, "face_image", List.of(image))), 500);
        assertEnvelope(env.client().post("/face/update", Map.of("collection_name", name, "face_image", List.of(image), "target_id", "x")), 500);
        assertEnvelope(env.client().insert(name, List.of(image, image), List.of("only_one")), 500);
        assertEnvelope(env.client().post("/delete/id", Map.of("collection_name", name, "target_id", List.of("x"))), 500);
        assertEnvelope(env.client().post("/delete/id", Map.of("collection_name", name)), 500);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.compare", code = "500", section = "5 (a body over the size limit)")
    void aBodyOver32MiBIsAnEnvelopeWith500() {
        byte[] padding = new byte[33 << 20];
        Arrays.fill(padding, (byte) 'A');
        byte[] body = ("{\"face_image1\":\"" + new String(padding, StandardCharsets.US_ASCII) + "\",\"face_image2\":\"QQ==\"}")
                .getBytes(StandardCharsets.US_ASCII);

        DmaiResponse response = env.client().send("POST", "/face/compare", body);

        assertEnvelope(response, 500);
    }

    private static void assertEnvelope(DmaiResponse response, int errCode) {
        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(200);
        assertThat(response.errCode()).as("err_code").isEqualTo(errCode);
        assertThat(response.exchange().responseBody()).as("no stack trace in the answer").doesNotContain("Exception", "\tat ");
    }
}
