package io.polyface.plugin.dmai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.toolkit.connector.VendorServer;
import io.polyface.toolkit.connector.WireMockBackend;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DM-AI connector against WireMock playing a DM-AI server, with the document's answers. */
class DmaiConnectorTest {
    private static final String API = "/api/v1/engine/recocomp";
    private static final CollectionRef FACES = new CollectionRef("dmai", "face_col");

    @RegisterExtension
    final VendorServer server = new VendorServer("dm", new DmaiConnectorProvider());
    private FaceEngine engine;

    @BeforeEach
    void connectEngine() {
        engine = server.connect(Map.of());
    }

    private void answer(String path, String body) {
        server.stubFor(post(urlEqualTo(API + path)).willReturn(WireMockBackend.json(200, body)));
    }

    @Test
    void collectionsAreCreatedAndReadFromTheStatusCall() {
        answer("/create/collection", "{\"err_code\":0,\"status\":\"Create collection successfully!\"}");
        answer("/collection/status", "{\"err_code\":0,\"status\":[{\"collection_name\":\"face_col\","
                + "\"create_time\":\"Tue Mar  3 10:20:30 2026\",\"feature_num\":7,\"update_time\":\"Wed Mar  4 08:00:00 2026\"}]}");

        CollectionInfo info = engine.createCollection(FACES, CollectionSpec.unlimited());

        assertThat(info.faceCount()).isEqualTo(7);
        assertThat(info.createdAt()).isEqualTo(Instant.parse("2026-03-03T10:20:30Z"));
        assertThat(info.updatedAt()).isEqualTo(Instant.parse("2026-03-04T08:00:00Z"));
        server.verify(postRequestedFor(urlEqualTo(API + "/create/collection")).withRequestBody(equalToJson("{\"collection_name\":\"face_col\"}")));
        server.verify(postRequestedFor(urlEqualTo(API + "/collection/status")).withRequestBody(equalToJson("{\"collection_name\":[\"face_col\"]}")));
    }

    @Test
    void everyDocumentedErrorCodeBecomesItsFailure() {
        Map<Integer, Class<? extends FaceException>> expected = Map.of(
                1001, FaceException.BackendUnavailable.class,
                1002, FaceException.QuotaExceeded.class,
                1003, FaceException.InvalidArgument.class,
                1004, FaceException.AlreadyExists.class,
                1005, FaceException.NotFound.class,
                1006, FaceException.NotFound.class,
                1007, FaceException.QuotaExceeded.class,
                1008, FaceException.Internal.class,
                500, FaceException.InvalidArgument.class);
        expected.forEach((code, type) -> {
            answer("/delete/collection", "{\"err_code\":" + code + ",\"status\":\"whatever\"}");
            assertThatThrownBy(() -> engine.deleteCollection(FACES)).as("err_code %d", code).isInstanceOf(type);
        });
        answer("/face/compare", "{\"err_code\":500,\"status\":\"no face detected\"}");
        assertThatThrownBy(() -> engine.compare(new byte[] {1}, new byte[] {2})).isInstanceOf(FaceException.NoFace.class);
        answer("/collection/status", "{\"err_code\":1005,\"status\":\"Please check collection name\"}");
        assertThat(engine.collection(FACES)).isEmpty();
    }

    @Test
    void aBatchReportsEachFaceOnItsOwn() {
        answer("/face/insert", "{\"err_code\":1007,\"invalid\":{\"invalid_num\":1,\"message\":{\"invalid_id\":[\"ann\"],"
                + "\"invalid_index\":[1]}},\"quota_exceeded_target_id\":[\"bob\"],\"status\":\"Target_id quota exceeded\","
                + "\"success_num\":2}");

        List<EnrolOutcome> outcomes = engine.addFaces(FACES, List.of(NewFace.of(new byte[] {1}, "ann"),
                NewFace.of(new byte[] {2}, "ann"), NewFace.of(new byte[] {3}, "bob"), NewFace.of(new byte[] {4}, "bob")));

        assertThat(outcomes.get(0)).isInstanceOfSatisfying(EnrolOutcome.Enrolled.class,
                e -> assertThat(e.face().faceId()).isEqualTo("dmai:ann"));
        assertThat(((EnrolOutcome.Rejected) outcomes.get(1)).reason()).isInstanceOf(FaceException.NoFace.class);
        // Two went in: ann's first face, and (DM-AI stores in request order) the first of bob's.
        assertThat(outcomes.get(2)).isInstanceOf(EnrolOutcome.Enrolled.class);
        assertThat(((EnrolOutcome.Rejected) outcomes.get(3)).reason()).isInstanceOf(FaceException.QuotaExceeded.class);
        server.verify(postRequestedFor(urlEqualTo(API + "/face/insert")).withRequestBody(equalToJson(
                "{\"collection_name\":\"face_col\",\"face_image\":[\"AQ==\",\"Ag==\",\"Aw==\",\"BA==\"],"
                        + "\"target_id\":[\"ann\",\"ann\",\"bob\",\"bob\"]}")));
    }

    @Test
    void searchScoresComeBackAsRawCosine() {
        answer("/face/search", "{\"err_code\":0,\"status\":[{\"result\":\"huge\",\"score\":0.5},{\"result\":\"tiny\",\"score\":0.1}]}");

        SearchResult result = engine.search(new SearchQuery(List.of(FACES), new Probe.ImageProbe(new byte[] {9}), 2, -1, true));

        assertThat(result.hits()).extracting(h -> h.face().tag()).containsExactly("huge", "tiny");
        assertThat(result.hits().get(0).score()).isCloseTo(DmaiScore.DEFAULT.center(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.hits().get(1).score()).isLessThan(result.hits().get(0).score());
        server.verify(postRequestedFor(urlEqualTo(API + "/face/search")).withRequestBody(equalToJson(
                "{\"collection_name\":\"face_col\",\"face_image\":\"CQ==\",\"top_k\":2}")));
    }

    @Test
    void whatDmaiCannotExpressIsUnsupportedAndSaysSo() {
        assertThatThrownBy(() -> engine.detect(new byte[] {1})).isInstanceOf(FaceException.Unsupported.class)
                .hasMessageContaining("not supported by this backend");
        assertThatThrownBy(() -> engine.addFaces(FACES, List.of(NewFace.of(new byte[] {1}, "a").withFaceId("x"))))
                .isInstanceOf(FaceException.Unsupported.class).hasMessageContaining("face ids");
        assertThatThrownBy(() -> engine.putRecord("dmai", "k", "x", "{}")).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(FACES), new Probe.StoredFaceProbe(FACES, "f"), 1, 0, true)))
                .isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.collection(new CollectionRef("other", "face_col")))
                .isInstanceOf(FaceException.Unsupported.class).hasMessageContaining("tenant dmai only");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void anAnswerWithoutTheEnvelopeIsTheBackendsFailure() {
        server.stubFor(post(urlEqualTo(API + "/delete/collection")).willReturn(aResponse().withStatus(502).withBody("<html/>")));
        assertThatThrownBy(() -> engine.deleteCollection(FACES)).isInstanceOf(FaceException.BackendUnavailable.class);
    }
}
