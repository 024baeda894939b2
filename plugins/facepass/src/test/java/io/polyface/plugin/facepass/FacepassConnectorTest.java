package io.polyface.plugin.facepass;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.polyface.plugin.facepass.FacepassServerAnswers.failed;
import static io.polyface.plugin.facepass.FacepassServerAnswers.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.QualityCheck;
import io.polyface.spi.connector.BackendSignals;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.toolkit.connector.MemoryRecordStore;
import io.polyface.toolkit.connector.VendorServer;
import io.polyface.toolkit.connector.WireMockBackend;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The FacePass connector against WireMock playing a FacePass server, with the document's requests and answers. */
class FacepassConnectorTest {
    private static final CollectionRef STARS = new CollectionRef("facepass", "stars");
    private static final String TOKEN = "QDe1ddlvlJlv865FO4dqtg==";
    private static final String IMAGE_ID = "fxCCOPXkjxOmQdqGpODd8A==";

    @TempDir
    Path dir;

    @RegisterExtension
    final VendorServer server = new VendorServer("fp", new FacepassConnectorProvider());
    private FaceEngine engine;

    @BeforeEach
    void connectEngine() {
        engine = server.connect(Map.of("index-file", dir.resolve("index.json").toString()));
    }

    /** A connector of a gateway node whose database is {@code records}. */
    private FaceEngine connect(Map<String, String> settings, MemoryRecordStore records) {
        return server.connect(settings, BackendSignals.ignored(), Optional.of(records));
    }

    private void answer(String path, int status, String body) {
        server.stubFor(post(urlEqualTo(path)).willReturn(WireMockBackend.json(status, body)));
    }

    /** The server adds the face as {@link #TOKEN} of {@link #IMAGE_ID} with this rect, and binds it to the group. */
    private void addsAndBinds(String rect) {
        answer("/api/face/v1/add", 200, ok("{\"face_token\":\"" + TOKEN + "\",\"image_id\":\"" + IMAGE_ID + "\",\"rect\":" + rect + "}"));
        answer("/api/group/v1/bind", 200, ok("{}"));
    }

    /** One face enrolled into the group under this id, as {@link #TOKEN}; the server answers unbinding and deleting tokens too. */
    private void enrolledToBeRemoved(String faceId) {
        groupHolds();
        addsAndBinds("{}");
        answer("/api/group/v1/unbind", 200, ok("{}"));
        answer("/api/face/v1/delete", 200, ok("{}"));
        engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a").withFaceId(faceId)));
        groupHolds(TOKEN);
    }

    private void groupHolds(String... tokens) {
        answer("/api/group/v1/query", 200, ok("{\"group_name\":\"stars\",\"faces\":[" + quoted(tokens) + "]}"));
    }

    private void othersHold(String... tokens) {
        server.stubFor(post(urlEqualTo("/api/group/v1/query")).withRequestBody(equalToJson("{\"group_name\":\"others\"}"))
                .willReturn(aResponse().withStatus(200).withBody(ok("{\"group_name\":\"others\",\"faces\":[" + quoted(tokens) + "]}"))));
    }

    /** The tokens as JSON strings, comma-separated. */
    private static String quoted(String... tokens) {
        return String.join(",", java.util.Arrays.stream(tokens).map(t -> "\"" + t + "\"").toList());
    }

    @Test
    void aCollectionIsAGroupAndKeepsItsAttributesInTheIndex() {
        answer("/api/group/v1/create", 200, ok("{}"));
        groupHolds();

        CollectionInfo info = engine.createCollection(STARS, CollectionSpec.unlimited().withAttributes(Map.of("qiniu.kind", "face")));

        assertThat(info.spec().attributes()).containsEntry("qiniu.kind", "face");
        assertThat(info.faceCount()).isZero();
        server.verify(postRequestedFor(urlEqualTo("/api/group/v1/create")).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"group_name\":\"stars\"}")));
        // Another connector on the same index file (a restart) still knows them.
        try (FaceEngine again = server.connect(Map.of("index-file", dir.resolve("index.json").toString()))) {
            assertThat(again.collection(STARS).orElseThrow().spec().attributes()).containsEntry("qiniu.kind", "face");
        }
    }

    @Test
    void enrollingAddsTheImageAsAMultipartFileThenBindsItsToken() {
        groupHolds();
        addsAndBinds("{\"left\":149,\"top\":305,\"right\":448,\"bottom\":604}");
        byte[] photo = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};

        EnrolOutcome outcome = engine.addFaces(STARS, List.of(
                new NewFace(photo, "angelina", Optional.of("{\"k\":1}"), Optional.of("u")).withFaceId("angelina-1"))).getFirst();

        assertThat(outcome).isInstanceOfSatisfying(EnrolOutcome.Enrolled.class, e -> {
            assertThat(e.face().faceId()).isEqualTo("angelina-1");
            assertThat(e.face().tag()).isEqualTo("angelina");
            assertThat(e.face().description()).contains("{\"k\":1}");
            assertThat(e.face().imageId()).isEqualTo(IMAGE_ID);
            assertThat(e.face().box()).isEqualTo(new BoundingBox(149, 305, 299, 299));
        });
        server.verify(postRequestedFor(urlEqualTo("/api/face/v1/add"))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("multipart/form-data; boundary="))
                .withRequestBodyPart(aMultipart().withName("image").withBody(binaryEqualTo(photo)).build()));
        server.verify(postRequestedFor(urlEqualTo("/api/group/v1/bind"))
                .withRequestBody(equalToJson("{\"group_name\":\"stars\",\"face_token\":\"" + TOKEN + "\"}")));

        groupHolds(TOKEN);
        assertThat(engine.face(STARS, "angelina-1")).hasValueSatisfying(f -> assertThat(f.tag()).isEqualTo("angelina"));
        assertThat(engine.updateFace(STARS, "angelina-1", new FaceUpdate(Optional.of("angie"), Optional.empty(), Optional.empty())).tag())
                .isEqualTo("angie");
        assertThat(engine.listFaces(STARS, Optional.of("angie"), Optional.empty(), 10).items()).hasSize(1);
    }

    @Test
    void nodesOnOneDatabaseShareTheIndexAndAnIndexFileIsImportedIntoItOnce() throws Exception {
        String file = dir.resolve("index.json").toString();
        answer("/api/group/v1/create", 200, ok("{}"));
        groupHolds();
        addsAndBinds("{\"left\":149,\"top\":305,\"right\":448,\"bottom\":604}");
        // Before the gateway had a database: the file names the face.
        engine.createCollection(STARS, CollectionSpec.unlimited().withAttributes(Map.of("qiniu.kind", "face")));
        engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "angelina").withFaceId("angelina-1")));
        groupHolds(TOKEN);

        MemoryRecordStore database = new MemoryRecordStore();
        try (FaceEngine first = connect(Map.of("index-file", file), database); FaceEngine second = connect(Map.of(), database)) {
            // The second node has no file: it reads what the first imported.
            assertThat(second.face(STARS, "angelina-1")).hasValueSatisfying(f -> assertThat(f.tag()).isEqualTo("angelina"));
            assertThat(second.collection(STARS).orElseThrow().spec().attributes()).containsEntry("qiniu.kind", "face");

            second.updateFace(STARS, "angelina-1", new FaceUpdate(Optional.of("angie"), Optional.empty(), Optional.empty()));
            assertThat(first.face(STARS, "angelina-1")).hasValueSatisfying(f -> assertThat(f.tag()).isEqualTo("angie"));
            answer("/api/face/v1/add", 200, ok("{\"face_token\":\"BBBBBBBBBBBBBBBBBBBBBB==\",\"image_id\":\"" + IMAGE_ID
                    + "\",\"rect\":{\"left\":1,\"top\":2,\"right\":11,\"bottom\":12}}"));
            first.addFaces(STARS, List.of(NewFace.of(new byte[] {2}, "brad").withFaceId("brad-1")));
            groupHolds(TOKEN, "BBBBBBBBBBBBBBBBBBBBBB==");
            assertThat(second.listFaces(STARS, Optional.empty(), Optional.empty(), 10).items())
                    .extracting(f -> f.faceId() + ":" + f.tag()).containsExactly("angelina-1:angie", "brad-1:brad");

            // Deleting through one node unbinds through FacePass and is gone for the other.
            answer("/api/face/v1/delete", 200, ok("{}"));
            assertThat(first.deleteFace(STARS, "brad-1")).isTrue();
            server.verify(postRequestedFor(urlEqualTo("/api/face/v1/delete"))
                    .withRequestBody(equalToJson("{\"face_token\":\"BBBBBBBBBBBBBBBBBBBBBB==\"}", true, true)));
            groupHolds(TOKEN);
            assertThat(second.face(STARS, "brad-1")).isEmpty();
            assertThat(database.count("facepass", "facepass-connector/fp/token/BBBB")).isZero();
        }
        // Once only: a node starting later with the same file does not bring the old tag back.
        try (FaceEngine later = connect(Map.of("index-file", file), database)) {
            assertThat(later.face(STARS, "angelina-1")).hasValueSatisfying(f -> assertThat(f.tag()).isEqualTo("angie"));
        }
    }

    /**
     * The real server's key order (envelope {@code code, message, timecost, timestamp, data},
     * {@code faces} before {@code group_name}, rect {@code bottom, left, right, top}) and the
     * document's templates (the other way round) read the same: the connector reads JSON by name.
     */
    @Test
    void answersAreReadByNameInEitherKeyOrder() {
        String[] tokens = {"AAAAAAAAAAAAAAAAAAAAAA==", "BBBBBBBBBBBBBBBBBBBBBB=="};
        for (int i = 0; i < 2; i++) {
            boolean captured = i == 0;
            server.resetAll();
            String rect = captured ? "{\"bottom\":604,\"left\":149,\"right\":448,\"top\":305}"
                    : "{\"left\":149,\"top\":305,\"right\":448,\"bottom\":604}";
            String held = i == 0 ? "" : "\"" + tokens[0] + "\"";
            answer("/api/group/v1/query", 200, envelope(captured, groupData(captured, held)));
            answer("/api/face/v1/add", 200, envelope(captured, "{\"face_token\":\"" + tokens[i] + "\",\"image_id\":\"" + IMAGE_ID
                    + "\",\"rect\":" + rect + "}"));
            answer("/api/group/v1/bind", 200, envelope(captured, "{}"));

            EnrolOutcome outcome = engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "p" + i).withFaceId("face-" + i))).getFirst();

            assertThat(outcome).as("captured order: %s", captured).isInstanceOfSatisfying(EnrolOutcome.Enrolled.class,
                    e -> assertThat(e.face().box()).isEqualTo(new BoundingBox(149, 305, 299, 299)));
            held = (held.isEmpty() ? "" : held + ",") + "\"" + tokens[i] + "\"";
            answer("/api/group/v1/query", 200, envelope(captured, groupData(captured, held)));
            assertThat(engine.listFaces(STARS, Optional.empty(), Optional.empty(), 10).items())
                    .extracting(io.polyface.spi.engine.StoredFace::faceId).as("captured order: %s", captured)
                    .containsExactlyElementsOf(i == 0 ? List.of("face-0") : List.of("face-0", "face-1"));
        }
    }

    private static String envelope(boolean captured, String data) {
        return captured ? "{\"code\":0,\"message\":\"\",\"timecost\":433,\"timestamp\":1519639954744,\"data\":" + data + "}" : ok(data);
    }

    private static String groupData(boolean captured, String faces) {
        return captured ? "{\"faces\":[" + faces + "],\"group_name\":\"stars\"}" : "{\"group_name\":\"stars\",\"faces\":[" + faces + "]}";
    }

    @Test
    void refusedFacesAreRejectedWithTheirReasonAndAMissingGroupStopsTheBatchBeforeAnyAdd() {
        groupHolds();
        answer("/api/face/v1/add", 400, failed(104201, "BAD_QUALITY: Yaw,Blurriness",
                "{\"image_id\":\"3r00opbS18hjEsahl2t5nw==\",\"rect\":{\"left\":467,\"top\":140,\"right\":565,\"bottom\":238}}"));
        EnrolOutcome.Rejected bad = (EnrolOutcome.Rejected) engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a"))).getFirst();
        assertThat(bad.reason()).isInstanceOfSatisfying(FaceException.BadQuality.class,
                q -> assertThat(q.failedChecks()).containsExactly(QualityCheck.YAW, QualityCheck.BLUR));
        assertThat(bad.detected()).hasValueSatisfying(d -> assertThat(d.box()).isEqualTo(new BoundingBox(467, 140, 98, 98)));

        answer("/api/face/v1/add", 400, failed(104200, "FACE_NOT_FOUND", "{\"image_id\":\"B-vVZd2H-xnBTI-6ZwwRBA==\"}"));
        assertThat(((EnrolOutcome.Rejected) engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a"))).getFirst()).reason())
                .isInstanceOf(FaceException.NoFace.class);
        server.verify(0, postRequestedFor(urlEqualTo("/api/group/v1/bind")));

        server.resetAll();
        answer("/api/group/v1/query", 400, failed(104301, "GROUP_NAME_NOT_EXIST", "{}"));
        assertThatThrownBy(() -> engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a"))))
                .isInstanceOfSatisfying(FaceException.NotFound.class, e -> assertThat(e.id()).isEqualTo("stars"));
        server.verify(0, postRequestedFor(urlEqualTo("/api/face/v1/add")));
    }

    @Test
    void everyDocumentedCodeBecomesTheFailureTheDialectMadeItFrom() {
        Map<Integer, Class<? extends FaceException>> expected = new HashMap<>(Map.of(
                104001, FaceException.InvalidArgument.class,
                104100, FaceException.UndecodableImage.class,
                104101, FaceException.InvalidArgument.class,
                104102, FaceException.ImageTooLarge.class,
                104103, FaceException.UndecodableImage.class,
                104200, FaceException.NoFace.class,
                104201, FaceException.BadQuality.class,
                104202, FaceException.NotFound.class,
                104300, FaceException.AlreadyExists.class,
                104301, FaceException.NotFound.class));
        expected.put(104303, FaceException.NotFound.class);
        expected.put(104000, FaceException.Internal.class);
        expected.put(104002, FaceException.Internal.class);
        expected.put(105000, FaceException.BackendUnavailable.class);
        expected.forEach((code, type) -> {
            answer("/api/group/v1/create", code == 105000 ? 500 : 400, failed(code, "X: group_name", "{}"));
            assertThatThrownBy(() -> engine.createCollection(STARS, CollectionSpec.unlimited())).as("code %d", code).isInstanceOf(type);
        });
        server.stubFor(post(urlEqualTo("/api/group/v1/create")).willReturn(aResponse().withStatus(502).withBody("<html/>")));
        assertThatThrownBy(() -> engine.createCollection(STARS, CollectionSpec.unlimited()))
                .isInstanceOf(FaceException.BackendUnavailable.class);
        answer("/api/group/v1/query", 400, failed(104301, "GROUP_NAME_NOT_EXIST", "{}"));
        assertThat(engine.collection(STARS)).isEmpty();
    }

    @Test
    void searchIsRecognizeWithTheDialectsFaceDataAndScoresComeBackAsRawCosine() {
        groupHolds();
        addsAndBinds("{\"left\":1,\"top\":2,\"right\":3,\"bottom\":4}");
        engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "angelina").withFaceId("angelina-1")));
        answer("/api/service/recognize/v1", 200, ok("{\"group_name\":\"stars\",\"recognize_threshold\":78,\"results\":[{\"track_id\":0,"
                + "\"face_found\":true,\"face_token\":\"" + TOKEN + "\",\"score\":78,\"recognized\":true}]}"));
        byte[] probe = {9, 9};

        SearchResult result = engine.search(new SearchQuery(List.of(STARS),
                new Probe.ImageProbe(probe, Optional.of(new BoundingBox(10, 20, 30, 40))), 5, 0.3, false));

        assertThat(result.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.face().faceId()).isEqualTo("angelina-1");
            assertThat(hit.face().tag()).isEqualTo("angelina");
            assertThat(hit.score()).isCloseTo(FacepassScore.SIMILARITY.toRaw(78), Offset.offset(1e-9));
        });
        server.verify(postRequestedFor(urlEqualTo("/api/service/recognize/v1"))
                .withRequestBodyPart(aMultipart().withName("group_name").withBody(equalTo("stars")).build())
                .withRequestBodyPart(aMultipart().withName("face_data").withBody(equalToJson(
                        "{\"faces\":[{\"track_id\":0,\"rect\":{\"left\":10,\"top\":20,\"right\":40,\"bottom\":60}}]}")).build())
                .withRequestBodyPart(aMultipart().withName("image_0").withBody(binaryEqualTo(probe)).build()));

        // Below the query's minimum: no hit. No face in the probe: NoFace.
        assertThat(engine.search(new SearchQuery(List.of(STARS), new Probe.ImageProbe(probe), 5,
                FacepassScore.SIMILARITY.toRaw(78) + 0.05, false)).hits()).isEmpty();
        answer("/api/service/recognize/v1", 200, ok("{\"group_name\":\"stars\",\"recognize_threshold\":78,\"results\":[{\"track_id\":0,"
                + "\"face_found\":false,\"face_token\":\"\",\"score\":0,\"recognized\":false}]}"));
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(STARS), new Probe.ImageProbe(probe), 5, 0, false)))
                .isInstanceOf(FaceException.NoFace.class);
    }

    @Test
    void compareAndDetectionUseTheCompareCall() {
        answer("/api/service/compare/v1", 200, ok("{\"compare_threshold\":70,\"score\":70,\"detection_result_1\":{\"rect\":{\"bottom\":604,"
                + "\"left\":149,\"right\":448,\"top\":305},\"pose\":{\"yaw\":-4.0,\"pitch\":12.5,\"roll\":0.4},\"blur\":0.003},"
                + "\"detection_result_2\":{\"rect\":{\"bottom\":20,\"left\":0,\"right\":10,\"top\":0},\"pose\":{\"yaw\":0,\"pitch\":0,"
                + "\"roll\":0},\"blur\":0.1},\"liveness_threshold\":50,\"liveness_score_1\":0,\"liveness_score_2\":0}"));

        CompareResult result = engine.compare(new byte[] {1}, new byte[] {2});

        assertThat(result.score()).isCloseTo(FacepassScore.SIMILARITY.toRaw(70), Offset.offset(1e-9));
        assertThat(result.first().box()).isEqualTo(new BoundingBox(149, 305, 299, 299));
        assertThat(engine.detect(new byte[] {1})).singleElement()
                .satisfies(f -> assertThat(f.embedding().featureVersion()).isEqualTo(FacepassConnector.NO_EMBEDDING));
        server.verify(postRequestedFor(urlEqualTo("/api/service/compare/v1"))
                .withRequestBodyPart(aMultipart().withName("enable_liveness").withBody(equalTo("false")).build())
                .withRequestBodyPart(aMultipart().withName("image_2").withBody(binaryEqualTo(new byte[] {2})).build()));

        answer("/api/service/compare/v1", 400, failed(104200, "FACE_NOT_FOUND", "{\"score\":0}"));
        assertThat(engine.detect(new byte[] {1})).isEmpty();
        assertThatThrownBy(() -> engine.compare(new byte[] {1}, new byte[] {2})).isInstanceOf(FaceException.NoFace.class);
    }

    @Test
    void deletingAFaceDeletesItsTokenUnlessACopyInAnotherGroupStillHoldsIt() {
        CollectionRef other = new CollectionRef("facepass", "others");
        enrolledToBeRemoved("a-1");
        othersHold();
        assertThat(engine.copyFaces(other, List.of(io.polyface.spi.engine.FaceCopy.of(STARS, "a-1"))).getFirst())
                .isInstanceOf(EnrolOutcome.Enrolled.class);
        server.verify(2, postRequestedFor(urlEqualTo("/api/group/v1/bind")));
        server.verify(1, postRequestedFor(urlEqualTo("/api/face/v1/add"))); // a copy sends no image

        othersHold(TOKEN);
        assertThat(engine.deleteFace(STARS, "a-1")).isTrue();
        server.verify(postRequestedFor(urlEqualTo("/api/group/v1/unbind"))
                .withRequestBody(equalToJson("{\"group_name\":\"stars\",\"face_token\":\"" + TOKEN + "\"}")));
        server.verify(0, postRequestedFor(urlEqualTo("/api/face/v1/delete")));

        assertThat(engine.deleteFace(other, "a-1")).isTrue();
        server.verify(postRequestedFor(urlEqualTo("/api/face/v1/delete")).withRequestBody(equalToJson("{\"face_token\":\"" + TOKEN + "\"}")));
    }

    @Test
    void imagesAreFetchedByImageId() {
        server.stubFor(get(urlEqualTo("/api/image/v1/query?image_id=" + java.net.URLEncoder.encode(IMAGE_ID,
                java.nio.charset.StandardCharsets.UTF_8))).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[] {(byte) 0xFF, (byte) 0xD8})));
        assertThat(engine.image("facepass", IMAGE_ID)).hasValue(new byte[] {(byte) 0xFF, (byte) 0xD8});
        server.verify(getRequestedFor(urlEqualTo("/api/image/v1/query?image_id=fxCCOPXkjxOmQdqGpODd8A%3D%3D")));
    }

    @Test
    void whatFacepassCannotExpressIsUnsupportedAndSaysSo() {
        assertThatThrownBy(() -> engine.embedding(STARS, "x")).isInstanceOf(FaceException.Unsupported.class)
                .hasMessageContaining("not supported by this backend");
        assertThatThrownBy(() -> engine.putRecord("facepass", "k", "x", "{}")).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.storeImage("facepass", new byte[] {1})).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(STARS),
                new Probe.EmbeddingProbe(new io.polyface.spi.engine.Embedding(new float[] {1}, "v")), 1, 0, true)))
                .isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.createCollection(new CollectionRef("other", "stars"), CollectionSpec.unlimited()))
                .isInstanceOf(FaceException.Unsupported.class).hasMessageContaining("tenant facepass only");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aRegionIsEnrolledOnlyWhenItIsTheLargestFaceFacepassTakes() {
        groupHolds();
        addsAndBinds("{\"left\":100,\"top\":100,\"right\":200,\"bottom\":200}");
        answer("/api/face/v1/delete", 200, ok("{}"));

        EnrolOutcome elsewhere = engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a")
                .withRegion(new BoundingBox(400, 400, 100, 100)))).getFirst();
        assertThat(((EnrolOutcome.Rejected) elsewhere).reason()).isInstanceOf(FaceException.Unsupported.class)
                .hasMessageContaining("largest");
        server.verify(postRequestedFor(urlEqualTo("/api/face/v1/delete")).withRequestBody(equalToJson("{\"face_token\":\"" + TOKEN + "\"}")));
        server.verify(0, postRequestedFor(urlEqualTo("/api/group/v1/bind")));

        assertThat(engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a").withRegion(new BoundingBox(110, 95, 100, 100))))
                .getFirst()).isInstanceOf(EnrolOutcome.Enrolled.class);
    }

    @Test
    void aStoredFaceIsSearchedByItsOriginalImageAndBox() {
        groupHolds();
        addsAndBinds("{\"left\":10,\"top\":20,\"right\":40,\"bottom\":60}");
        engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a").withFaceId("a-1")));
        groupHolds(TOKEN);
        server.stubFor(get(urlEqualTo("/api/image/v1/query?image_id=fxCCOPXkjxOmQdqGpODd8A%3D%3D")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(new byte[] {5, 5, 5})));
        answer("/api/service/recognize/v1", 200, ok("{\"group_name\":\"stars\",\"recognize_threshold\":78,\"results\":[{\"track_id\":0,"
                + "\"face_found\":true,\"face_token\":\"" + TOKEN + "\",\"score\":100,\"recognized\":true}]}"));

        SearchResult result = engine.search(new SearchQuery(List.of(STARS), new Probe.StoredFaceProbe(STARS, "a-1"), 1, 0, false));

        assertThat(result.hits()).singleElement().satisfies(h -> assertThat(h.score()).isCloseTo(1.0, Offset.offset(1e-9)));
        server.verify(postRequestedFor(urlEqualTo("/api/service/recognize/v1"))
                .withRequestBodyPart(aMultipart().withName("face_data").withBody(equalToJson(
                        "{\"faces\":[{\"track_id\":0,\"rect\":{\"left\":10,\"top\":20,\"right\":40,\"bottom\":60}}]}")).build())
                .withRequestBodyPart(aMultipart().withName("image_0").withBody(binaryEqualTo(new byte[] {5, 5, 5})).build()));
    }

    @Test
    void aCopyWithinOneGroupIsANameForTheSameTokenAndTheTokenStaysUntilTheLastNameGoes() {
        enrolledToBeRemoved("x1");

        assertThat(engine.copyFaces(STARS, List.of(new io.polyface.spi.engine.FaceCopy(STARS, "x1", Optional.of("x1.backup"),
                Optional.empty()))).getFirst()).isInstanceOf(EnrolOutcome.Enrolled.class);
        server.verify(1, postRequestedFor(urlEqualTo("/api/group/v1/bind")));
        assertThat(engine.listFaces(STARS, Optional.empty(), Optional.empty(), 10).items())
                .extracting(io.polyface.spi.engine.StoredFace::faceId).containsExactly("x1", "x1.backup");

        assertThat(engine.deleteFace(STARS, "x1")).isTrue();
        server.verify(0, postRequestedFor(urlEqualTo("/api/group/v1/unbind")));
        server.verify(0, postRequestedFor(urlEqualTo("/api/face/v1/delete")));
        assertThat(engine.deleteFace(STARS, "x1.backup")).isTrue();
        server.verify(1, postRequestedFor(urlEqualTo("/api/face/v1/delete")));
    }

    @Test
    void aTokenBoundByAnotherClientIsReportedUnderItsTokenWithWhatFaceQuerySays() {
        groupHolds(TOKEN);
        answer("/api/face/v1/query", 200, ok("{\"image_id\":\"" + IMAGE_ID + "\",\"rect\":{\"left\":17,\"top\":55,"
                + "\"right\":115,\"bottom\":153}}"));

        assertThat(engine.face(STARS, TOKEN)).hasValueSatisfying(f -> {
            assertThat(f.tag()).isEqualTo(TOKEN);
            assertThat(f.imageId()).isEqualTo(IMAGE_ID);
            assertThat(f.box()).isEqualTo(new BoundingBox(17, 55, 98, 98));
        });
        server.verify(postRequestedFor(urlEqualTo("/api/face/v1/query")).withRequestBody(equalToJson("{\"face_token\":\"" + TOKEN + "\"}")));
        assertThat(engine.face(STARS, "nobody")).isEmpty();
    }
}
