package io.polyface.plugin.dmai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DmaiBodyTest {

    private static DmaiBody body(String json) {
        return DmaiBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void invalid(Runnable call, String field, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(FaceException.InvalidArgument.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    @Test
    void malformedBodiesNameTheBody() {
        invalid(() -> DmaiBody.parse(new byte[0]), "body", "empty");
        invalid(() -> body("{\"collection_name\": "), "body", "not valid JSON");
        invalid(() -> body("[1, 2]"), "body", "JSON object");
        invalid(() -> body("{} {}"), "body", "not valid JSON");
        invalid(() -> body("\"text\""), "body", "JSON object");
    }

    @Test
    void collectionNamesFollowTheDocumentedRule() {
        assertThat(body("{\"collection_name\":\"face_col\"}").collectionName()).isEqualTo("face_col");
        assertThat(body("{\"collection_name\":\"_x9\"}").collectionName()).isEqualTo("_x9");
        for (String bad : new String[] {"\"\"", "\"9lives\"", "\"has space\"", "\"dash-ed\"", "\"é\"", "42", "null",
                "\"" + "a".repeat(256) + "\""}) {
            invalid(() -> body("{\"collection_name\":" + bad + "}").collectionName(), "collection_name", "collection_name");
        }
        invalid(() -> body("{}").collectionName(), "collection_name", "required");
    }

    @Test
    void statusTakesAListOrASingleName() {
        assertThat(body("{\"collection_name\":[]}").collectionNames()).isEmpty();
        assertThat(body("{\"collection_name\":[\"a\",\"b\"]}").collectionNames()).containsExactly("a", "b");
        assertThat(body("{\"collection_name\":\"a\"}").collectionNames()).containsExactly("a");
        invalid(() -> body("{\"collection_name\":[\"a\",1]}").collectionNames(), "collection_name", "must be a string");
        invalid(() -> body("{\"collection_name\":{}}").collectionNames(), "collection_name", "list");
    }

    @Test
    void integersAreCheckedForTypeAndRange() {
        assertThat(body("{\"top_k\":100}").integer("top_k", 1, 100)).isEqualTo(100);
        invalid(() -> body("{\"top_k\":0}").integer("top_k", 1, 100), "top_k", "between 1 and 100");
        invalid(() -> body("{\"top_k\":101}").integer("top_k", 1, 100), "top_k", "between 1 and 100");
        invalid(() -> body("{\"top_k\":1.5}").integer("top_k", 1, 100), "top_k", "whole number");
        invalid(() -> body("{\"top_k\":\"3\"}").integer("top_k", 1, 100), "top_k", "whole number");
        invalid(() -> body("{\"top_k\":99999999999}").integer("top_k", 1, 100), "top_k", "whole number");
        invalid(() -> body("{}").integer("top_k", 1, 100), "top_k", "required");
    }

    @Test
    void stringsAndListsAreTyped() {
        invalid(() -> body("{\"face_image\":5}").string("face_image"), "face_image", "must be a string");
        invalid(() -> body("{\"face_image\":\"x\"}").list("face_image"), "face_image", "must be a list");
        assertThat(body("{\"face_image\":[\"a\", 1]}").list("face_image")).hasSize(2);
    }
}
