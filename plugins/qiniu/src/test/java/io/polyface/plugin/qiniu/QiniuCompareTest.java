package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.engine.testing.InMemoryFaceEngine;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.toolkit.dialect.DialectFixtures;
import io.polyface.toolkit.engine.ForwardingFaceEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group against group (section 2.13) while other requests change the groups: a compare lists the
 * target group's faces and then searches each, so a face or a group can go in between.
 */
class QiniuCompareTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryFaceEngine memory = InMemoryFaceEngine.create();
    /** What another client does just before the compare's first search, once. */
    private Runnable meanwhile = () -> { };
    private final FaceEngine engine = new ForwardingFaceEngine() {
        @Override
        protected FaceEngine delegate() {
            return memory;
        }

        @Override
        public SearchResult search(SearchQuery query) {
            if (query.probe() instanceof Probe.StoredFaceProbe) {
                Runnable once = meanwhile;
                meanwhile = () -> { };
                once.run();
            }
            return super.search(query);
        }
    };
    private final QiniuDialect dialect = new QiniuDialect(DialectFixtures.on(engine, "qiniu"));

    @BeforeEach
    void twoGroups() throws IOException {
        for (String group : List.of("base", "target")) {
            assertThat(send("face.group.create", group, "{\"config\":{\"capacity\":10}}").status()).isEqualTo(200);
        }
        assertThat(send("face.feature.add", "base", features(feature("b1", 1, 0, 0))).status()).isEqualTo(200);
        assertThat(send("face.feature.add", "target", features(feature("t1", 1, 0, 0), feature("t2", 0.9f, 0.1f, 0))).status())
                .isEqualTo(200);
    }

    @Test
    void bothFacesOfTheTargetAreComparedWhenNothingChanges() throws IOException {
        JsonNode results = compare().path("compare_results");

        assertThat(results).extracting(r -> r.path("id").asText()).containsExactlyInAnyOrder("t1", "t2");
    }

    @Test
    void aFaceDeletedWhileTheCompareRunsIsLeftOut() throws IOException {
        meanwhile = () -> assertThat(send("face.delete", "target", "{\"ids\":[\"t2\"]}").status()).isEqualTo(200);

        JsonNode results = compare().path("compare_results");

        assertThat(results).extracting(r -> r.path("id").asText()).containsExactly("t1");
    }

    @Test
    void aTargetGroupRemovedWhileTheCompareRunsIsAnsweredAsIfItHadGoneBefore() throws IOException {
        meanwhile = () -> assertThat(send("face.group.remove", "target", "").status()).isEqualTo(200);

        DialectResponse answer = send("face.compare", "base", "{\"target_group\":\"target\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).path("error").asText()).isEqualTo("target face group not exist");
    }

    private JsonNode compare() throws IOException {
        DialectResponse answer = send("face.compare", "base", "{\"target_group\":\"target\"}");
        assertThat(answer.status()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private DialectResponse send(String operation, String group, String body) {
        return DialectFixtures.operation(dialect, operation).handler().handle(new DialectRequest("POST", "/v1/face/groups/" + group,
                Map.of("group", group), Map.of(), Map.of("Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String features(String... features) {
        return "{\"features\":[" + String.join(",", features) + "]}";
    }

    private static String feature(String id, float... vector) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return "{\"id\":\"" + id + "\",\"value\":\"" + Base64.getEncoder().encodeToString(bytes.array()) + "\"}";
    }
}
