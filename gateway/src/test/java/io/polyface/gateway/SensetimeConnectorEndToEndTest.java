package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
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
 * The SenseTime connector, made as configuration makes it ({@code type: remote, connector:
 * sensetime}), against gateway B's SenseTime dialect with an account of B, on loopback with real
 * photos: a faceset per collection, faces enrolled by detection and add_face, a search that B
 * answers as a task (its faces untrained, its async.min-faces 1) followed to its result, the right
 * person found with her raw cosine back through the calibration, a stranger found by no one, and
 * B's statuses back as the failures B's engine raised.
 */
class SensetimeConnectorEndToEndTest {
    private static final Path FACES = Path.of(System.getProperty("polyface.faces", "../../shared/faces"));
    private static final String API_ID = "connector-e2e-id";
    private static final String API_SECRET = "connector-e2e-secret";

    @TempDir
    Path data;

    @Test
    void anEngineServedByAnotherGatewaysSensetimeDialect() throws Exception {
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(data).withOverrides(Map.of(
                "dialects.sensetime.accounts.0.api-id", API_ID, "dialects.sensetime.accounts.0.api-secret", API_SECRET,
                "dialects.sensetime.default-rate-limit", "1000q/10s",
                // every untrained search is a task, so that the connector follows one
                "dialects.sensetime.async.min-faces", "1")))) {
            EngineProvider remote = ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.type().equals("remote")).findFirst().orElseThrow();
            try (FaceEngine engine = remote.create(new EngineContext("st", Map.of("connector", "sensetime",
                    "base-url", b.baseUri() + "/sensetime", "api-id", API_ID, "api-secret", API_SECRET, "timeout", "30s"),
                    data, Clock.systemUTC()))) {
                assertThat(engine.health().ready()).isTrue();
                CollectionRef stars = new CollectionRef("default", "stars");
                engine.createCollection(stars, CollectionSpec.unlimited().withAttributes(Map.of("purpose", "e2e")));
                assertThatThrownBy(() -> engine.createCollection(stars, CollectionSpec.unlimited()))
                        .isInstanceOf(FaceException.AlreadyExists.class);

                List<EnrolOutcome> outcomes = engine.addFaces(stars, List.of(
                        NewFace.of(photo("angelina/deepface_img5.jpg"), ""),
                        NewFace.of(photo("scarlett/deepface_img50.jpg"), ""),
                        NewFace.of(photo("nonface/mtcnn_no-faces.jpg"), "")));
                assertThat(outcomes.get(0)).isInstanceOf(EnrolOutcome.Enrolled.class);
                assertThat(outcomes.get(1)).isInstanceOf(EnrolOutcome.Enrolled.class);
                assertThat(((EnrolOutcome.Rejected) outcomes.get(2)).reason()).isInstanceOf(FaceException.NoFace.class);
                String angelina = ((EnrolOutcome.Enrolled) outcomes.get(0)).face().faceId();
                String scarlett = ((EnrolOutcome.Enrolled) outcomes.get(1)).face().faceId();
                CollectionInfo info = engine.collection(stars).orElseThrow();
                assertThat(info.faceCount()).isEqualTo(2);
                assertThat(info.spec().attributes()).containsEntry("purpose", "e2e");

                List<SearchHit> hits = engine.search(new SearchQuery(List.of(stars),
                        new Probe.ImageProbe(photo("angelina/deepface_img10.jpg")), 5, 0.33, false)).hits();
                assertThat(hits).isNotEmpty();
                assertThat(hits.getFirst().face().faceId()).isEqualTo(angelina);
                assertThat(hits.getFirst().score()).isGreaterThan(0.5);
                assertThat(engine.search(new SearchQuery(List.of(stars), new Probe.ImageProbe(photo("jennifer/deepface_img12.jpg")),
                        5, 0.33, false)).hits()).isEmpty();

                CompareResult same = engine.compare(photo("angelina/deepface_img5.jpg"), photo("angelina/deepface_img10.jpg"));
                CompareResult other = engine.compare(photo("angelina/deepface_img5.jpg"), photo("jennifer/deepface_img12.jpg"));
                assertThat(same.score()).isGreaterThan(other.score());

                assertThat(engine.deleteFace(stars, scarlett)).isTrue();
                assertThat(engine.deleteFace(stars, scarlett)).isFalse();
                assertThat(engine.listFaces(stars, Optional.empty(), Optional.empty(), 10).items()).extracting(f -> f.faceId())
                        .containsExactly(angelina);
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
