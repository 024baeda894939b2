package io.polyface.plugin.sensetime;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.BackendSignals;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.QualityPolicy;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.toolkit.connector.MemoryRecordStore;
import io.polyface.toolkit.connector.VendorServer;
import io.polyface.toolkit.connector.WireMockBackend;
import io.polyface.toolkit.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SenseTime connector against WireMock playing a SenseTime v1 server, with the document's requests and answers. */
class SensetimeConnectorTest {
    /** A quality gate of any kind: SenseTime has none. */
    private static final QualityPolicy UPRIGHT_ONLY = new QualityPolicy(
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), true);
    private static final CollectionRef STARS = new CollectionRef("default", "stars");
    private static final String FACESET = "ec72017732e447a08d4516a9b294750f";
    private static final String BIG_FACE = "aeb91c193eb54849b1061fd3cb16ee67";
    private static final String SMALL_FACE = "c74df9b413a44a9ab3060b7170989fa9";
    private static final String IMAGE_ID = "a5e23c448c1a4facaf06ea3dec55467a";
    private static final String CREDENTIALS = "\"api_id\":\"my-id\",\"api_secret\":\"my-secret\"";
    private static final byte[] PHOTO = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};

    /** Signals as the remote engine's rate gate would receive them. */
    private static final class RecordingSignals implements BackendSignals {
        final List<String> seen = new ArrayList<>();

        @Override
        public void rateLimit(OptionalLong remaining, Optional<Duration> resetsIn) {
            seen.add("remaining " + remaining.orElse(-1) + " resets " + resetsIn.map(Duration::toSeconds).orElse(-1L));
        }

        @Override
        public void retryAfter(Duration wait) {
            seen.add("wait " + wait.toSeconds());
        }
    }

    @RegisterExtension
    final VendorServer server = new VendorServer("st", new SensetimeConnectorProvider());
    private final RecordingSignals signals = new RecordingSignals();
    private FaceEngine engine;

    @BeforeEach
    void connectEngine() {
        engine = connect(Map.of("api-id", "my-id", "api-secret", "my-secret", "task.poll-millis", "10", "task.max-polls", "5"));
    }

    private FaceEngine connect(Map<String, String> settings) {
        return server.connect(settings, signals, Optional.empty());
    }

    /** A connector of a gateway node whose database is {@code records}. */
    private FaceEngine connect(Map<String, String> settings, MemoryRecordStore records) {
        return server.connect(settings, signals, Optional.of(records));
    }

    private static String ok(String fields) {
        return "{\"status\":\"OK\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    private static String error(String status, String reason) {
        return "{\"status\":\"" + status + "\",\"reason\":\"" + reason + "\"}";
    }

    private void getAnswers(String path, int status, String body) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(WireMockBackend.json(status, body)));
    }

    private void postAnswers(String path, int status, String body) {
        server.stubFor(post(urlEqualTo(path)).willReturn(WireMockBackend.json(status, body)));
    }

    private void starsExists(String userData, String... faceIds) {
        getAnswers("/info/list_facesets", 200, ok("\"facesets\":[{\"faceset_id\":\"" + FACESET + "\",\"name\":\"stars\"}]"));
        getAnswers("/info/faceset", 200, ok("\"faceset_id\":\"" + FACESET + "\",\"name\":\"stars\",\"user_data\":"
                + SensetimeJson.text(TextNode.valueOf(userData)) + ",\"face_ids\":["
                + String.join(",", java.util.Arrays.stream(faceIds).map(f -> "\"" + f + "\"").toList()) + "]"));
    }

    /** Two faces, the first the larger one (38 px), the second smaller (20 px) at another place. */
    private void detectionFindsTwoFaces() {
        postAnswers("/face/detection", 200, ok("\"image_id\":\"" + IMAGE_ID + "\",\"width\":248,\"height\":609,\"faces\":["
                + "{\"face_id\":\"" + SMALL_FACE + "\",\"rect\":{\"left\":10,\"top\":10,\"right\":30,\"bottom\":30},\"eye_dist\":6,"
                + "\"landmarks21\":[[12.5,15.0],[20.0,15.0]]},"
                + "{\"face_id\":\"" + BIG_FACE + "\",\"rect\":{\"left\":61,\"top\":347,\"right\":99,\"bottom\":385},\"eye_dist\":13,"
                + "\"landmarks21\":[[62.498043,358.901459]]}]"));
    }

    @Test
    void theProviderIsFoundByServiceLoaderAsSensetime() {
        assertThat(ServiceLoader.load(io.polyface.spi.connector.ConnectorProvider.class).stream()
                .map(p -> p.get().id())).contains("sensetime");
        assertThatThrownBy(() -> connect(Map.of("api-id", "my-id"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("api-secret");
    }

    @Test
    void aCollectionIsAFacesetNamedLikeItWithItsAttributesInUserData() {
        server.stubFor(get(urlPathEqualTo("/info/list_facesets")).inScenario("create").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(ok("\"facesets\":[]"))));
        server.stubFor(post(urlEqualTo("/faceset/create")).inScenario("create").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("created").willReturn(aResponse().withStatus(200)
                        .withBody(ok("\"faceset_id\":\"" + FACESET + "\",\"name\":\"stars\""))));
        server.stubFor(get(urlPathEqualTo("/info/list_facesets")).inScenario("create").whenScenarioStateIs("created")
                .willReturn(aResponse().withStatus(200).withBody(ok("\"facesets\":[{\"faceset_id\":\"" + FACESET
                        + "\",\"name\":\"stars\"}]"))));
        getAnswers("/info/faceset", 200, ok("\"faceset_id\":\"" + FACESET
                + "\",\"name\":\"stars\",\"user_data\":\"{\\\"qiniu.kind\\\":\\\"face\\\"}\",\"face_ids\":[]"));

        CollectionInfo info = engine.createCollection(STARS, CollectionSpec.unlimited().withAttributes(Map.of("qiniu.kind", "face")));

        assertThat(info.ref()).isEqualTo(STARS);
        assertThat(info.spec().attributes()).containsExactlyEntriesOf(Map.of("qiniu.kind", "face"));
        assertThat(info.faceCount()).isZero();
        server.verify(postRequestedFor(urlEqualTo("/faceset/create")).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{" + CREDENTIALS + ",\"name\":\"stars\",\"user_data\":\"{\\\"qiniu.kind\\\":\\\"face\\\"}\"}")));
        server.verify(getRequestedFor(urlEqualTo("/info/faceset?api_id=my-id&api_secret=my-secret&faceset_id=" + FACESET)));

        assertThatThrownBy(() -> engine.createCollection(STARS, CollectionSpec.unlimited()))
                .isInstanceOf(FaceException.AlreadyExists.class);
        assertThat(engine.collections("default")).extracting(CollectionInfo::ref).containsExactly(STARS);
        assertThat(engine.collection(new CollectionRef("default", "other"))).isEmpty();
        assertThat(engine.collections("another-tenant")).isEmpty();
    }

    @Test
    void anotherClientsUserDataIsNoAttributesAndChangesGoThroughFacesetChange() {
        starsExists("plain text of another client");
        assertThat(engine.collection(STARS).orElseThrow().spec().attributes()).isEmpty();

        postAnswers("/faceset/change", 200, ok("\"faceset_id\":\"" + FACESET + "\",\"name\":\"stars\""));
        engine.updateCollection(STARS, Map.of("b", "2", "a", "1"));
        server.verify(postRequestedFor(urlEqualTo("/faceset/change")).withRequestBody(equalToJson("{" + CREDENTIALS
                + ",\"faceset_id\":\"" + FACESET + "\",\"user_data\":\"{\\\"a\\\":\\\"1\\\",\\\"b\\\":\\\"2\\\"}\"}")));

        postAnswers("/faceset/delete", 200, ok("\"faceset_id\":\"" + FACESET + "\""));
        engine.deleteCollection(STARS);
        server.verify(postRequestedFor(urlEqualTo("/faceset/delete")).withRequestBody(equalToJson("{" + CREDENTIALS
                + ",\"faceset_id\":\"" + FACESET + "\"}")));
    }

    @Test
    void enrollingDetectsWithAMultipartFileAndAddsTheLargestFaceOrTheOneInTheRegion() {
        starsExists("");
        detectionFindsTwoFaces();
        postAnswers("/faceset/add_face", 200, ok("\"faceset_id\":\"" + FACESET + "\",\"name\":\"stars\",\"face_count\":1,\"added_count\":1"));

        EnrolOutcome outcome = engine.addFaces(STARS, List.of(NewFace.of(PHOTO, ""))).getFirst();

        assertThat(outcome).isInstanceOfSatisfying(EnrolOutcome.Enrolled.class, e -> {
            assertThat(e.face().faceId()).isEqualTo(BIG_FACE);
            assertThat(e.face().tag()).isEqualTo(BIG_FACE);
            assertThat(e.face().imageId()).isEqualTo(IMAGE_ID);
            assertThat(e.face().box()).isEqualTo(new BoundingBox(61, 347, 38, 38));
            assertThat(e.detected()).hasValueSatisfying(d -> assertThat(d.landmarks()).hasSize(1));
        });
        server.verify(postRequestedFor(urlEqualTo("/face/detection"))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withRequestBodyPart(aMultipart().withName("file").withBody(binaryEqualTo(PHOTO)).build())
                .withRequestBodyPart(aMultipart().withName("api_id").withBody(equalTo("my-id")).build()));
        server.verify(postRequestedFor(urlEqualTo("/faceset/add_face")).withRequestBody(equalToJson("{" + CREDENTIALS
                + ",\"faceset_id\":\"" + FACESET + "\",\"face_id\":[\"" + BIG_FACE + "\"]}")));

        NewFace inRegion = new NewFace(PHOTO, "", Optional.empty(), Optional.empty()).withRegion(new BoundingBox(12, 12, 20, 20));
        assertThat(((EnrolOutcome.Enrolled) engine.addFaces(STARS, List.of(inRegion)).getFirst()).face().faceId()).isEqualTo(SMALL_FACE);
        NewFace nowhere = new NewFace(PHOTO, "", Optional.empty(), Optional.empty()).withRegion(new BoundingBox(150, 10, 20, 20));
        assertThat(((EnrolOutcome.Rejected) engine.addFaces(STARS, List.of(nowhere)).getFirst()).reason())
                .isInstanceOf(FaceException.NoFace.class);

        postAnswers("/face/detection", 200, ok("\"image_id\":\"" + IMAGE_ID + "\",\"width\":9,\"height\":9,\"faces\":[]"));
        assertThat(((EnrolOutcome.Rejected) engine.addFaces(STARS, List.of(NewFace.of(PHOTO, ""))).getFirst()).reason())
                .isInstanceOf(FaceException.NoFace.class);
        postAnswers("/face/detection", 400, error("CORRUPT_IMAGE", "the file is not an image or it is damaged"));
        assertThat(((EnrolOutcome.Rejected) engine.addFaces(STARS, List.of(NewFace.of(PHOTO, ""))).getFirst()).reason())
                .isInstanceOf(FaceException.UndecodableImage.class);
        server.verify(2, postRequestedFor(urlEqualTo("/faceset/add_face")));
    }

    @Test
    void whatSensetimeCannotExpressIsUnsupportedBeforeAnythingIsSent() {
        starsExists("");
        assertThatThrownBy(() -> engine.addFaces(STARS, List.of(new NewFace(PHOTO, "", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(UPRIGHT_ONLY), java.util.Set.of()))))
                .isInstanceOf(FaceException.Unsupported.class).hasMessageContaining("SenseTime's API has no quality gates");
        assertThatThrownBy(() -> engine.embedding(STARS, BIG_FACE)).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.storeImage("default", PHOTO)).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.records("default", "kind")).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.startFeatureJob(STARS, "v2")).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.createCollection(STARS, new CollectionSpec(java.util.OptionalLong.of(10), java.util.OptionalInt.empty(), java.util.OptionalInt.empty())))
                .isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(STARS),
                new Probe.EmbeddingProbe(new Embedding(new float[] {1}, "x")), 3, 0, false))).isInstanceOf(FaceException.Unsupported.class);
        assertThat(engine.collection(new CollectionRef("other", "stars"))).isEmpty();
        assertThatThrownBy(() -> engine.addFaces(new CollectionRef("other", "stars"), List.of(NewFace.of(PHOTO, ""))))
                .isInstanceOf(FaceException.Unsupported.class).hasMessageContaining("tenant other");
        server.verify(0, postRequestedFor(urlEqualTo("/face/detection")));
    }

    @Test
    void idsTagsAndDescriptionsLiveInTheIndexBesideTheFaceIdAndSurviveARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Map<String, String> settings = Map.of("api-id", "my-id", "api-secret", "my-secret", "index-file", dir.resolve("index.json").toString());
        starsExists("");
        detectionFindsTwoFaces();
        postAnswers("/faceset/add_face", 200, ok("\"faceset_id\":\"" + FACESET + "\",\"face_count\":1,\"added_count\":1"));
        try (FaceEngine indexed = connect(settings)) {
            List<EnrolOutcome> outcomes = indexed.addFaces(STARS, List.of(
                    new NewFace(PHOTO, "angelina", Optional.of("lead"), Optional.of("{\"k\":1}")).withFaceId("angelina-1"),
                    NewFace.of(PHOTO, "dup").withFaceId("angelina-1")));
            assertThat(outcomes.get(0)).isInstanceOfSatisfying(EnrolOutcome.Enrolled.class, e -> {
                assertThat(e.face().faceId()).isEqualTo("angelina-1");
                assertThat(e.face().tag()).isEqualTo("angelina");
            });
            assertThat(((EnrolOutcome.Rejected) outcomes.get(1)).reason()).isInstanceOf(FaceException.AlreadyExists.class);
        }
        starsExists("", BIG_FACE, SMALL_FACE);
        postAnswers("/face/search", 200, ok("\"face_id\":\"" + BIG_FACE + "\",\"candidates\":[{\"face_id\":\"" + BIG_FACE
                + "\",\"confidence\":0.9}]"));
        try (FaceEngine again = connect(settings)) {
            assertThat(again.face(STARS, "angelina-1")).hasValueSatisfying(f -> {
                assertThat(f.description()).contains("lead");
                assertThat(f.userData()).contains("{\"k\":1}");
                assertThat(f.box()).isEqualTo(new BoundingBox(61, 347, 38, 38));
            });
            assertThat(again.listFaces(STARS, Optional.empty(), Optional.empty(), 10).items()).extracting(f -> f.faceId())
                    .containsExactly("angelina-1", SMALL_FACE); // the other face_id was added by another client
            assertThat(again.updateFace(STARS, "angelina-1", new io.polyface.spi.engine.FaceUpdate(Optional.of("angie"),
                    Optional.empty(), Optional.empty())).tag()).isEqualTo("angie");
            assertThat(again.facesByTag(STARS, "angie")).extracting(f -> f.faceId()).containsExactly("angelina-1");
            SearchResult found = again.search(new SearchQuery(List.of(STARS), new Probe.StoredFaceProbe(STARS, "angelina-1"), 3, 0, true));
            assertThat(found.hits()).singleElement().satisfies(h -> assertThat(h.face().faceId()).isEqualTo("angelina-1"));
            server.verify(postRequestedFor(urlEqualTo("/face/search")).withRequestBody(equalToJson("{" + CREDENTIALS
                    + ",\"face_id\":\"" + BIG_FACE + "\",\"faceset_id\":\"" + FACESET + "\",\"top\":3}")));

            postAnswers("/faceset/remove_face", 200, ok("\"faceset_id\":\"" + FACESET + "\",\"face_count\":1,\"removed_count\":1"));
            assertThat(again.deleteFacesByTag(STARS, "angie")).isEqualTo(1);
            server.verify(postRequestedFor(urlEqualTo("/faceset/remove_face")).withRequestBody(equalToJson("{" + CREDENTIALS
                    + ",\"faceset_id\":\"" + FACESET + "\",\"face_id\":[\"" + BIG_FACE + "\"]}")));
        }
    }

    @Test
    void nodesOnOneDatabaseShareTheIndexAndAnIndexFileIsImportedIntoItOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Map<String, String> withFile = Map.of("api-id", "my-id", "api-secret", "my-secret", "index-file", dir.resolve("index.json").toString());
        Map<String, String> withoutFile = Map.of("api-id", "my-id", "api-secret", "my-secret");
        starsExists("");
        detectionFindsTwoFaces();
        postAnswers("/faceset/add_face", 200, ok("\"faceset_id\":\"" + FACESET + "\",\"face_count\":1,\"added_count\":1"));
        // Before the gateway had a database: the file names the face.
        try (FaceEngine alone = connect(withFile)) {
            alone.addFaces(STARS, List.of(new NewFace(PHOTO, "angelina", Optional.of("lead"), Optional.empty()).withFaceId("angelina-1")));
        }
        starsExists("", BIG_FACE, SMALL_FACE);

        MemoryRecordStore database = new MemoryRecordStore();
        try (FaceEngine first = connect(withFile, database); FaceEngine second = connect(withoutFile, database)) {
            // The second node has no file: it reads what the first imported.
            assertThat(second.face(STARS, "angelina-1")).hasValueSatisfying(f -> {
                assertThat(f.tag()).isEqualTo("angelina");
                assertThat(f.description()).contains("lead");
                assertThat(f.box()).isEqualTo(new BoundingBox(61, 347, 38, 38));
            });
            second.updateFace(STARS, "angelina-1", new io.polyface.spi.engine.FaceUpdate(Optional.of("angie"),
                    Optional.empty(), Optional.empty()));
            assertThat(first.listFaces(STARS, Optional.empty(), Optional.empty(), 10).items()).extracting(f -> f.faceId() + ":" + f.tag())
                    .containsExactly("angelina-1:angie", SMALL_FACE + ":" + SMALL_FACE);

            postAnswers("/faceset/remove_face", 200, ok("\"faceset_id\":\"" + FACESET + "\",\"face_count\":1,\"removed_count\":1"));
            assertThat(first.deleteFacesByTag(STARS, "angie")).isEqualTo(1);
            server.verify(postRequestedFor(urlEqualTo("/faceset/remove_face")).withRequestBody(equalToJson("{" + CREDENTIALS
                    + ",\"faceset_id\":\"" + FACESET + "\",\"face_id\":[\"" + BIG_FACE + "\"]}")));
            starsExists("", SMALL_FACE);
            assertThat(second.face(STARS, "angelina-1")).isEmpty();
            assertThat(database.count("default", "sensetime-connector/st/face-id/")).isZero();
        }
        // Once only: a node starting later with the same file does not bring the deleted face's name back.
        starsExists("", BIG_FACE, SMALL_FACE);
        try (FaceEngine later = connect(withFile, database)) {
            assertThat(later.face(STARS, "angelina-1")).isEmpty();
            assertThat(later.face(STARS, BIG_FACE)).hasValueSatisfying(f -> assertThat(f.tag()).isEqualTo(BIG_FACE));
        }
    }

    @Test
    void facesAreListedFoundAndRemovedByTheirFaceId() {
        starsExists("", SMALL_FACE, BIG_FACE);
        assertThat(engine.listFaces(STARS, Optional.empty(), Optional.empty(), 1).items()).extracting(f -> f.faceId())
                .containsExactly(BIG_FACE);
        assertThat(engine.listFaces(STARS, Optional.empty(), Optional.of(BIG_FACE), 1).items()).extracting(f -> f.faceId())
                .containsExactly(SMALL_FACE);
        assertThat(engine.face(STARS, SMALL_FACE)).isPresent();
        assertThat(engine.face(STARS, "0123456789abcdef0123456789abcdef")).isEmpty();

        postAnswers("/faceset/remove_face", 200, ok("\"faceset_id\":\"" + FACESET + "\",\"face_count\":1,\"removed_count\":1"));
        assertThat(engine.deleteFace(STARS, SMALL_FACE)).isTrue();
        server.verify(postRequestedFor(urlEqualTo("/faceset/remove_face")).withRequestBody(equalToJson("{" + CREDENTIALS
                + ",\"faceset_id\":\"" + FACESET + "\",\"face_id\":[\"" + SMALL_FACE + "\"]}")));
        postAnswers("/faceset/remove_face", 200, ok("\"faceset_id\":\"" + FACESET + "\",\"face_count\":1,\"removed_count\":0"));
        assertThat(engine.deleteFace(STARS, SMALL_FACE)).isFalse();
        assertThat(engine.clearCollection(STARS)).isZero(); // removed_count as SenseTime reports it
    }

    @Test
    void searchSendsTheProbesFaceIdAndMapsConfidenceBackToRawCosine() {
        starsExists("", BIG_FACE);
        detectionFindsTwoFaces();
        postAnswers("/face/search", 200, ok("\"face_id\":\"" + BIG_FACE + "\",\"candidates\":[{\"face_id\":\"" + BIG_FACE
                + "\",\"confidence\":0.6},{\"face_id\":\"" + SMALL_FACE + "\",\"confidence\":0.4}]"));

        SearchResult result = engine.search(new SearchQuery(List.of(STARS), new Probe.ImageProbe(PHOTO, Optional.empty()), 20, 0.2, false));

        assertThat(result.probeFace()).hasValueSatisfying(f -> assertThat(f.box()).isEqualTo(new BoundingBox(61, 347, 38, 38)));
        assertThat(result.hits()).hasSize(1);
        assertThat(result.hits().getFirst().face().faceId()).isEqualTo(BIG_FACE);
        assertThat(result.hits().getFirst().score()).isCloseTo(SensetimeScore.DEFAULT.raw(0.6), Offset.offset(1e-9));
        server.verify(postRequestedFor(urlEqualTo("/face/search")).withRequestBody(equalToJson("{" + CREDENTIALS
                + ",\"face_id\":\"" + BIG_FACE + "\",\"faceset_id\":\"" + FACESET + "\",\"top\":10}")));

        postAnswers("/face/search", 400, error("EMPTY_FACESET", "faceset has no face"));
        assertThat(engine.search(new SearchQuery(List.of(STARS), new Probe.StoredFaceProbe(STARS, BIG_FACE), 3, 0, false)).hits()).isEmpty();
        server.verify(postRequestedFor(urlEqualTo("/face/search")).withRequestBody(equalToJson("{" + CREDENTIALS
                + ",\"face_id\":\"" + BIG_FACE + "\",\"faceset_id\":\"" + FACESET + "\",\"top\":3}")));
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(new CollectionRef("default", "nobody")),
                new Probe.StoredFaceProbe(STARS, BIG_FACE), 3, 0, false))).isInstanceOfSatisfying(FaceException.NotFound.class,
                        e -> assertThat(e.id()).isEqualTo("nobody"));
    }

    @Test
    void aTaskAnswerIsFollowedThroughInfoTaskUntilDoneOrFailedWithinTheBound() {
        starsExists("", BIG_FACE);
        detectionFindsTwoFaces();
        String task = "e6ee9b9070804de486752a6eef9728cd";
        postAnswers("/face/search", 202, ok("\"task_id\":\"" + task + "\",\"task_status\":\"pending\""));
        server.stubFor(get(urlPathEqualTo("/info/task")).inScenario("task").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("running").willReturn(aResponse().withStatus(200)
                        .withBody(ok("\"task_id\":\"" + task + "\",\"task_status\":\"processing\""))));
        server.stubFor(get(urlPathEqualTo("/info/task")).inScenario("task").whenScenarioStateIs("running")
                .willReturn(aResponse().withStatus(200).withBody(ok("\"task_id\":\"" + task + "\",\"task_status\":\"done\","
                        + "\"result\":{\"status\":\"OK\",\"face_id\":\"" + BIG_FACE + "\",\"candidates\":[{\"face_id\":\""
                        + BIG_FACE + "\",\"confidence\":0.5}]}"))));
        Probe probe = new Probe.ImageProbe(PHOTO, Optional.empty());

        SearchResult result = engine.search(new SearchQuery(List.of(STARS), probe, 3, 0, false));

        assertThat(result.hits()).singleElement()
                .satisfies(h -> assertThat(h.score()).isCloseTo(SensetimeScore.DEFAULT.raw(0.5), Offset.offset(1e-9)));
        server.verify(2, getRequestedFor(urlEqualTo("/info/task?api_id=my-id&api_secret=my-secret&task_id=" + task)));

        getAnswers("/info/task", 200, ok("\"task_id\":\"" + task + "\",\"task_status\":\"failed\",\"result\":"
                + error("INVALID_FACESET", "faceset_id is invalid")));
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(STARS), probe, 3, 0, false)))
                .isInstanceOf(FaceException.NotFound.class);

        server.resetRequests();
        getAnswers("/info/task", 200, ok("\"task_id\":\"" + task + "\",\"task_status\":\"pending\""));
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(STARS), probe, 3, 0, false)))
                .isInstanceOf(FaceException.BackendUnavailable.class).hasMessageContaining("5 polls");
        server.verify(5, getRequestedFor(urlPathEqualTo("/info/task")));
    }

    @Test
    void compareVerifiesTheLargestFacesFaceToFace() {
        detectionFindsTwoFaces();
        postAnswers("/face/verification", 200, ok("\"same_person\":false,\"confidence\":0.4,\"face_id\":\"" + BIG_FACE
                + "\",\"face2_id\":\"" + BIG_FACE + "\""));

        CompareResult result = engine.compare(PHOTO, PHOTO);

        assertThat(result.score()).isCloseTo(SensetimeScore.DEFAULT.raw(0.4), Offset.offset(1e-9));
        assertThat(result.first().box()).isEqualTo(new BoundingBox(61, 347, 38, 38));
        server.verify(postRequestedFor(urlEqualTo("/face/verification")).withRequestBody(equalToJson("{" + CREDENTIALS
                + ",\"face_id\":\"" + BIG_FACE + "\",\"face2_id\":\"" + BIG_FACE + "\"}")));
        assertThat(engine.detect(PHOTO)).extracting(d -> d.box().width()).containsExactly(38.0, 20.0);
    }

    @Test
    void everyDocumentedStatusBecomesTheFailureTheDialectMadeItFrom() {
        Map<String, Class<? extends FaceException>> expected = new LinkedHashMap<>();
        expected.put("INVALID_FACESET", FaceException.NotFound.class);
        expected.put("INVALID_FACE", FaceException.NotFound.class);
        expected.put("QUOTA_EXCEEDED", FaceException.QuotaExceeded.class);
        expected.put("INVALID_ARGUMENT", FaceException.InvalidArgument.class);
        expected.put("CORRUPT_IMAGE", FaceException.UndecodableImage.class);
        expected.put("INVALID_IMAGE_FORMAT_OR_SIZE", FaceException.UndecodableImage.class);
        expected.put("IMAGE_FILE_SIZE_TOO_BIG", FaceException.ImageTooLarge.class);
        expected.put("UNAUTHORIZED", FaceException.Internal.class);
        expected.put("KEY_EXPIRED", FaceException.Internal.class);
        expected.put("NO_PERMISSION", FaceException.Internal.class);
        expected.put("NOT_FOUND", FaceException.Unsupported.class);
        expected.put("INTERNAL_ERROR", FaceException.BackendUnavailable.class);
        expected.put("SOMETHING_NEW", FaceException.Internal.class);
        expected.forEach((status, type) -> {
            int http = SensetimeStatus.valueOf(status.equals("SOMETHING_NEW") ? "INVALID_ARGUMENT" : status).httpStatus();
            postAnswers("/face/detection", http, error(status, "x"));
            assertThatThrownBy(() -> engine.detect(PHOTO)).as(status).isInstanceOf(type);
        });
        postAnswers("/face/detection", 400, error("INVALID_ARGUMENT", "no face detected"));
        assertThatThrownBy(() -> engine.detect(PHOTO)).isInstanceOf(FaceException.NoFace.class);
        postAnswers("/face/detection", 500, error("INTERNAL_ERROR", "the engine cannot do this: no model"));
        assertThatThrownBy(() -> engine.detect(PHOTO)).isInstanceOf(FaceException.Unsupported.class);
        server.stubFor(post(urlEqualTo("/face/detection")).willReturn(aResponse().withStatus(502).withBody("<html/>")));
        assertThatThrownBy(() -> engine.detect(PHOTO)).isInstanceOf(FaceException.BackendUnavailable.class);
        assertThatThrownBy(() -> engine.detect(new byte[5 * 1024 * 1024 + 1])).isInstanceOf(FaceException.ImageTooLarge.class);
        getAnswers("/info/list_facesets", 200, ok("\"facesets\":[]"));
        assertThatThrownBy(() -> engine.addFaces(STARS, List.of(NewFace.of(PHOTO, ""))))
                .isInstanceOfSatisfying(FaceException.NotFound.class, e -> assertThat(e.id()).isEqualTo("stars"));
    }

    @Test
    void rateLimitHeadersAreReportedAndRateLimitExceededPausesForTheReset() {
        server.stubFor(get(urlPathEqualTo("/info/list_facesets")).willReturn(aResponse().withStatus(200)
                .withHeader("X-RateLimit-Limit", "50").withHeader("X-RateLimit-Remaining", "7").withHeader("X-RateLimit-Reset", "5")
                .withBody(ok("\"facesets\":[]"))));
        assertThat(engine.collections("default")).isEmpty();
        assertThat(signals.seen).containsExactly("remaining 7 resets 5");

        signals.seen.clear();
        server.stubFor(get(urlPathEqualTo("/info/list_facesets")).willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Limit", "50").withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "3")
                .withBody("{\"status\":\"RATE_LIMIT_EXCEEDED\"}")));
        assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.RateLimited.class)
                .hasMessageContaining("resets in 3 s");
        assertThat(signals.seen).containsExactly("remaining 0 resets 3", "wait 3");
    }

    @Test
    void healthIsTheAccountsInfo() {
        getAnswers("/info/api", 200, ok("\"rate_limit\":\"50q/10s\",\"quota\":{},\"usage\":{}"));
        assertThat(engine.health().ready()).isTrue();
        assertThat(engine.health().details()).containsEntry("sensetime.rate-limit", "50q/10s");
        getAnswers("/info/api", 401, error("UNAUTHORIZED", "wrong api_id or api_secret"));
        assertThat(engine.health().ready()).isFalse();
    }
}
