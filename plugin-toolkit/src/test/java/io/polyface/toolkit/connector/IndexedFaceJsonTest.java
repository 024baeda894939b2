package io.polyface.toolkit.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.engine.BoundingBox;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexedFaceJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IndexedFaceJson CODEC = new IndexedFaceJson("face_token");

    @Test
    void aFaceComesBackAsItWasWrittenUnderTheVendorsFieldName() throws Exception {
        IndexedFace face = new IndexedFace("ann", "tok-1", "ann-tag", Optional.of("desc"), Optional.of("{\"u\":1}"), "img-1",
                new BoundingBox(1, 2, 30, 40), Instant.parse("2026-12-07T10:00:00Z"));

        ObjectNode node = CODEC.write(face, JSON.createObjectNode());

        assertThat(node.path("face_token").asText()).isEqualTo("tok-1");
        assertThat(node.has("face_id")).as("the face id is the caller's to keep").isFalse();
        assertThat(CODEC.read("ann", JSON.readTree(JSON.writeValueAsString(node)))).isEqualTo(face);
    }

    @Test
    void absentFieldsReadAsEmpty() throws Exception {
        IndexedFace face = CODEC.read("bob", JSON.readTree("{\"face_token\":\"tok-2\",\"tag\":\"bob\"}"));

        assertThat(face.description()).isEmpty();
        assertThat(face.userData()).isEmpty();
        assertThat(face.imageId()).isEmpty();
        assertThat(face.createdAt()).isEqualTo(Instant.EPOCH);
    }
}
