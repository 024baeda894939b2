package io.polyface.toolkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void theStrictMapperRefusesWhatFollowsTheValue() throws Exception {
        assertThat(Json.STRICT.readTree("{\"a\": 1}").path("a").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> Json.STRICT.readTree("{\"a\": 1} x")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.STRICT.readTree("{\"a\": 1}{}")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void thePlainMapperReadsTheFirstValue() throws Exception {
        assertThat(Json.PLAIN.readTree("{\"a\": 1} x").path("a").asInt()).isEqualTo(1);
    }

    @Test
    void nodesAreNewEachTime() {
        Json.object().put("a", 1);
        Json.array().add(1);

        assertThat(Json.object()).isEmpty();
        assertThat(Json.array()).isEmpty();
    }
}
