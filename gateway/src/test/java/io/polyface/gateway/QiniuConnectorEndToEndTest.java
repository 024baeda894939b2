package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qiniu connector, made as configuration makes it ({@code type: remote, connector: qiniu}),
 * against gateway B's Qiniu dialect with its access keys, on loopback with real photos: every
 * signed request is accepted, faces are enrolled with their ids, tags and desc, the right person is
 * found with her raw cosine back, a stranger finds no one, and B's errors come back as the
 * failures B's engine raised.
 */
class QiniuConnectorEndToEndTest {
    private static final Path FACES = Path.of(System.getProperty("polyface.faces", "../../shared/faces"));
    private static final String AK = "connector-e2e-ak";
    private static final String SK = "connector-e2e-secret";

    @TempDir
    Path data;

    @Test
    void anEngineServedByAnotherGatewaysQiniuDialect() throws Exception {
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(data).withOverrides(Map.of(
                "dialects.qiniu.keys.0.access-key", AK, "dialects.qiniu.keys.0.secret-key", SK)))) {
            EngineProvider remote = ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.type().equals("remote")).findFirst().orElseThrow();
            try (FaceEngine engine = remote.create(new EngineContext("qn", Map.of("connector", "qiniu",
                    "base-url", b.baseUri() + "/qiniu", "access-key", AK, "secret-key", SK, "timeout", "30s"), data, Clock.systemUTC()))) {
                CollectionRef stars = new CollectionRef("default", "stars");
                engine.createCollection(stars, CollectionSpec.unlimited());
                assertThatThrownBy(() -> engine.createCollection(stars, CollectionSpec.unlimited()))
                        .isInstanceOf(FaceException.AlreadyExists.class);

                List<EnrolOutcome> outcomes = engine.addFaces(stars, List.of(
                        new NewFace(photo("angelina/deepface_img5.jpg"), "angelina", Optional.of("{\"role\":\"lead\"}"), Optional.empty())
                                .withFaceId("angelina-1"),
                        NewFace.of(photo("scarlett/deepface_img50.jpg"), "scarlett").withFaceId("scarlett-1"),
                        NewFace.of(photo("nonface/mtcnn_no-faces.jpg"), "nobody")));
                assertThat(outcomes.get(0)).isInstanceOf(EnrolOutcome.Enrolled.class);
                assertThat(outcomes.get(1)).isInstanceOf(EnrolOutcome.Enrolled.class);
                assertThat(((EnrolOutcome.Rejected) outcomes.get(2)).reason()).isInstanceOf(FaceException.NoFace.class);
                assertThat(engine.collection(stars).orElseThrow().faceCount()).isEqualTo(2);

                List<SearchHit> hits = engine.search(new SearchQuery(List.of(stars),
                        new Probe.ImageProbe(photo("angelina/deepface_img10.jpg")), 5, 0.33, false)).hits();
                assertThat(hits).isNotEmpty();
                assertThat(hits.getFirst().face().faceId()).isEqualTo("angelina-1");
                assertThat(hits.getFirst().face().description()).contains("{\"role\":\"lead\"}");
                assertThat(hits.getFirst().score()).isGreaterThan(0.5);
                assertThat(engine.search(new SearchQuery(List.of(stars), new Probe.ImageProbe(photo("jennifer/deepface_img12.jpg")),
                        5, 0.33, false)).hits()).isEmpty();

                assertThat(engine.facesByTag(stars, "scarlett")).extracting(f -> f.faceId()).containsExactly("scarlett-1");
                assertThat(engine.deleteFace(stars, "scarlett-1")).isTrue();
                assertThat(engine.deleteFace(stars, "scarlett-1")).isFalse();
                engine.deleteCollection(stars);
                assertThat(engine.collection(stars)).isEmpty();
                assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(stars),
                        new Probe.ImageProbe(photo("angelina/deepface_img10.jpg")), 1, 0, false)))
                        .isInstanceOf(FaceException.NotFound.class);
            }
        }
    }

    private static byte[] photo(String file) throws Exception {
        return Files.readAllBytes(FACES.resolve(file));
    }
}
