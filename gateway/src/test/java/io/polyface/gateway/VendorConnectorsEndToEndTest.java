package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendor connectors made as configuration makes them ({@code type: remote, connector: ...}),
 * against gateway B's dialect of that vendor, on loopback with real photos.
 *
 * <p>Qiniu, against B's Qiniu dialect with its access keys: every signed request is accepted,
 * faces are enrolled with their ids, tags and desc, the right person is found with her raw cosine
 * back, a stranger finds no one, and B's errors come back as the failures B's engine raised.
 *
 * <p>SenseTime, against B's SenseTime dialect with an account of B: a faceset per collection,
 * faces enrolled by detection and add_face, a search that B answers as a task (its faces
 * untrained, its async.min-faces 1) followed to its result, the right person found with her raw
 * cosine back through the calibration, a stranger found by no one, and B's statuses back as the
 * failures B's engine raised.
 */
class VendorConnectorsEndToEndTest {
    private static final String AK = "connector-e2e-ak";
    private static final String SK = "connector-e2e-secret";
    private static final String API_ID = "connector-e2e-id";
    private static final String API_SECRET = "connector-e2e-secret";

    @Test
    void anEngineServedByAnotherGatewaysQiniuDialect(@TempDir Path data) throws Exception {
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(data).withOverrides(Map.of(
                "dialects.qiniu.keys.0.access-key", AK, "dialects.qiniu.keys.0.secret-key", SK)))) {
            try (FaceEngine engine = GatewayFixtures.remoteEngine("qn", Map.of("connector", "qiniu",
                    "base-url", b.baseUri() + "/qiniu", "access-key", AK, "secret-key", SK, "timeout", "30s"), data)) {
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

    @Test
    void anEngineServedByAnotherGatewaysSensetimeDialect(@TempDir Path data) throws Exception {
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(data)
                .withOverrides(GatewayFixtures.untrainedSensetimeSearchesAreTasks(API_ID, API_SECRET)))) {
            try (FaceEngine engine = GatewayFixtures.remoteEngine("st", Map.of("connector", "sensetime",
                    "base-url", b.baseUri() + "/sensetime", "api-id", API_ID, "api-secret", API_SECRET, "timeout", "30s"), data)) {
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
}
