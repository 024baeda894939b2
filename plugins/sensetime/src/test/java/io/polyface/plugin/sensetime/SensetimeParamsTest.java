package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.dialect.DialectRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensetimeParamsTest {
    private static SensetimeParams params(Map<String, List<String>> query, String contentType, String body) {
        Map<String, List<String>> headers = contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType));
        return SensetimeParams.of(new DialectRequest("POST", "/x", Map.of(), query, headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void arraysAreJsonArraysCommaListsOrRepeatedParameters() {
        SensetimeParams json = params(Map.of(), "application/json", "{\"face_id\":[\"a\",\"b\"],\"top\":3,\"flag\":true}");
        SensetimeParams form = params(Map.of(), "application/x-www-form-urlencoded", "face_id=a%2Cb&face_id=c&face_id=a");
        SensetimeParams query = params(Map.of("face_id", List.of("a, b")), null, "");

        assertThat(json.list("face_id")).contains(List.of("a", "b"));
        assertThat(json.integer("top", 1, 1, 10)).isEqualTo(3);
        assertThat(json.flag("flag")).isTrue();
        assertThat(form.list("face_id")).contains(List.of("a", "b", "c"));
        assertThat(query.list("face_id")).contains(List.of("a", "b"));
    }

    @Test
    void theBodyWinsOverTheQueryString() {
        SensetimeParams params = params(Map.of("name", List.of("query"), "api_id", List.of("id")), "application/json", "{\"name\":\"body\"}");

        assertThat(params.text("name")).contains("body");
        assertThat(params.text("api_id")).contains("id");
    }

    @Test
    void badValuesAreInvalidArguments() {
        assertThatThrownBy(() -> params(Map.of(), "application/json", "{oops")).isInstanceOf(SensetimeFailure.class);
        assertThatThrownBy(() -> params(Map.of(), "application/json", "[1]")).isInstanceOf(SensetimeFailure.class);
        assertThatThrownBy(() -> params(Map.of(), "application/json", "{\"a\":{\"b\":1}}")).isInstanceOf(SensetimeFailure.class);
        assertThatThrownBy(() -> params(Map.of(), "text/plain", "x")).isInstanceOf(SensetimeFailure.class);
        assertThatThrownBy(() -> params(Map.of(), "application/x-www-form-urlencoded", "a=%zz")).isInstanceOf(SensetimeFailure.class);
        SensetimeParams params = params(Map.of("top", List.of("x"), "flag", List.of("2")), null, "");
        assertThatThrownBy(() -> params.integer("top", 1, 1, 5)).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> params.flag("flag")).hasMessageContaining("0 or 1");
        assertThatThrownBy(() -> params.required("missing")).hasMessageContaining("missing argument 'missing'");
        SensetimeParams array = params(Map.of(), "application/json", "{\"name\":[\"a\"]}");
        assertThatThrownBy(() -> array.text("name")).hasMessageContaining("must be a string");
    }
}
