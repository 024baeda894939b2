package io.polyface.plugin.qiniu;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.qiniu.http.Headers;
import com.qiniu.util.Auth;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.connector.VendorServer;
import io.polyface.toolkit.connector.WireMockBackend;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Qiniu connector against WireMock playing Qiniu's face-group API: signed requests as the document shows them, answers mapped back. */
class QiniuConnectorTest {
    private static final String AK = "connector-ak";
    private static final String SK = "connector-secret-0123456789";
    private static final CollectionRef STARS = new CollectionRef("default", "stars");
    private static final String PTS = "[[149,305],[448,305],[448,604],[149,604]]";

    @RegisterExtension
    final VendorServer server = new VendorServer("qn", new QiniuConnectorProvider());
    private FaceEngine engine;

    @BeforeEach
    void connectEngine() {
        engine = server.connect(Map.of("access-key", AK, "secret-key", SK));
    }

    private void answer(String method, String path, int status, String body) {
        var mapping = method.equals("GET") ? get(urlEqualTo(path)) : post(urlEqualTo(path));
        server.stubFor(mapping.willReturn(WireMockBackend.json(status, body)));
    }

    @Test
    void theSignatureIsTheOneQiniusJavaSdkMakesForTheSameRequest() {
        QiniuSigner signer = new QiniuSigner(AK, SK);
        for (String[] request : new String[][] {
                {"POST", "http://127.0.0.1:9000/qiniu/v1/face/groups/stars/search", "{\"images\":[\"data:application/octet-stream;base64,AA==\"]}"},
                {"GET", "http://127.0.0.1:9000/v1/face/groups/stars/images?tag=a%20b&limit=10", ""},
                {"POST", "http://ai.qiniuapi.com/v1/face/groups/stars/remove", ""}}) {
            byte[] body = request[2].getBytes(StandardCharsets.UTF_8);
            Headers.Builder given = new Headers.Builder();
            if (body.length > 0) {
                given.set("Content-Type", "application/json");
            }
            Headers sdk = Auth.create(AK, SK).qiniuAuthorization(request[1], request[0], body.length == 0 ? null : body, given.build());
            var signedAt = LocalDateTime.parse(sdk.get("X-Qiniu-Date"), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                    .toInstant(ZoneOffset.UTC);

            QiniuSigner.Signature ours = signer.sign(request[0], URI.create(request[1]),
                    body.length == 0 ? Optional.empty() : Optional.of("application/json"), body, signedAt);

            assertThat(ours.authorization()).as(request[1]).isEqualTo(sdk.get("Authorization"));
            assertThat(ours.date()).isEqualTo(sdk.get("X-Qiniu-Date"));
        }
    }

    @Test
    void aFaceGroupIsCreatedWithItsCapacityAndEveryRequestPassesQiniusVerifier() {
        answer("POST", "/v1/face/groups/stars", 200, "");
        answer("GET", "/v1/face/groups/stars", 200, "{\"config\":{\"capacity\":100},\"tags\":1,\"count\":3}");

        CollectionInfo info = engine.createCollection(STARS, CollectionSpec.unlimited()
                .withAttributes(Map.of(QiniuFaceGroups.KIND, QiniuFaceGroups.FACE_KIND, QiniuFaceGroups.CAPACITY, "100")));

        assertThat(info.faceCount()).isEqualTo(3);
        assertThat(info.spec().attributes()).containsEntry(QiniuFaceGroups.CAPACITY, "100").containsEntry(QiniuFaceGroups.KIND, "face");
        server.verify(postRequestedFor(urlEqualTo("/v1/face/groups/stars")).withRequestBody(equalToJson("{\"config\":{\"capacity\":100}}")));
        QiniuAuth verifier = QiniuAuth.fromSettings(Map.of("keys.0.access-key", AK, "keys.0.secret-key", SK), Clock.systemUTC(), "open");
        for (LoggedRequest logged : server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))) {
            assertThat(verifier.tenant(asDialectRequest(logged))).isEqualTo(AK);
        }
        assertThatThrownBy(() -> engine.createCollection(STARS, CollectionSpec.unlimited().withAttributes(Map.of("group_id", "7"))))
                .isInstanceOf(FaceException.Unsupported.class).hasMessageContaining("attributes");
        // Qiniu's server refuses a group without a capacity ("invalid group capacity"): one is always sent.
        answer("POST", "/v1/face/groups/others", 200, "{}");
        answer("GET", "/v1/face/groups/others", 200, "{\"config\":{\"capacity\":10000},\"tags\":0,\"count\":0}");
        engine.createCollection(new CollectionRef("default", "others"), CollectionSpec.unlimited());
        server.verify(postRequestedFor(urlEqualTo("/v1/face/groups/others"))
                .withRequestBody(equalToJson("{\"config\":{\"capacity\":" + QiniuConnector.DEFAULT_CAPACITY + "}}")));
    }

    private static DialectRequest asDialectRequest(LoggedRequest logged) {
        Map<String, List<String>> headers = new HashMap<>();
        for (var header : logged.getHeaders().all()) {
            headers.put(header.key(), new ArrayList<>(header.values()));
        }
        String target = logged.getUrl();
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        return new DialectRequest(logged.getMethod().getName(), path, Map.of(), Map.of(), headers, logged.getBody(), target);
    }

    @Test
    void enrollingSendsTheImageAsADataUriWithIdTagDescAndQiniusOwnGate() {
        answer("POST", "/v1/face/groups/stars/add", 200, "{\"id\":\"angelina-1\",\"bounding_box\":{\"pts\":" + PTS
                + ",\"score\":0.998},\"face_quality\":{\"quality\":\"clear\",\"orientation\":\"up\"},\"face_number\":1}");

        EnrolOutcome outcome = engine.addFaces(STARS, List.of(new NewFace(new byte[] {1, 2, 3}, "angelina",
                Optional.of("{\"k\":[1,true]}"), Optional.empty()).withFaceId("angelina-1").withQualityGate(QiniuQuality.REJECT_BAD_FACE))).getFirst();

        assertThat(outcome).isInstanceOfSatisfying(EnrolOutcome.Enrolled.class, e -> {
            assertThat(e.face().faceId()).isEqualTo("angelina-1");
            assertThat(e.face().box()).isEqualTo(new BoundingBox(149, 305, 299, 299));
            assertThat(e.face().userData()).contains("{\"score\":0.998}");
        });
        server.verify(postRequestedFor(urlEqualTo("/v1/face/groups/stars/add")).withRequestBody(equalToJson(
                "{\"image\":{\"id\":\"angelina-1\",\"uri\":\"data:application/octet-stream;base64,AQID\",\"tag\":\"angelina\","
                        + "\"desc\":{\"k\":[1,true]}},\"params\":{\"reject_bad_face\":true}}")));
    }

    @Test
    void errorStatusesBecomeTheFailuresTheDialectRenderedThemFrom() {
        Map<String, Class<? extends FaceException>> perFace = Map.ofEntries(
                Map.entry("400:no face detected in the image", FaceException.NoFace.class),
                Map.entry("400:bad face: quality blur", FaceException.BadQuality.class),
                Map.entry("400:cannot decode the image: broken", FaceException.UndecodableImage.class),
                Map.entry("409:image id already exists in the group: a", FaceException.AlreadyExists.class),
                Map.entry("413:image or request larger than 16777216 bytes", FaceException.ImageTooLarge.class),
                Map.entry("400:image.uri must be a data: or http(s) URI", FaceException.InvalidArgument.class),
                // Qiniu's own server's words (argus feature_group_private/service/face_service.go).
                Map.entry("400:face number 0: No face found in image", FaceException.NoFace.class),
                Map.entry("400:detected blur face", FaceException.BadQuality.class),
                Map.entry("400:face orientation is not up", FaceException.BadQuality.class),
                Map.entry("500:failed to add face", FaceException.UndecodableImage.class),
                Map.entry("500:Failed to parse feature in image", FaceException.UndecodableImage.class));
        perFace.forEach((answer, type) -> {
            String[] parts = answer.split(":", 2);
            answer("POST", "/v1/face/groups/stars/add", Integer.parseInt(parts[0]), "{\"error\":\"" + parts[1] + "\"}");
            EnrolOutcome outcome = engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a"))).getFirst();
            assertThat(((EnrolOutcome.Rejected) outcome).reason()).as(answer).isInstanceOf(type);
        });
        Map<String, Class<? extends FaceException>> thrown = Map.of(
                "404:group not found: stars", FaceException.NotFound.class,
                "400:group not exist", FaceException.NotFound.class,
                "401:signature does not match the request", FaceException.Internal.class,
                "429:slow down", FaceException.RateLimited.class,
                "501:not supported by the engine: x", FaceException.Unsupported.class,
                "503:service unavailable", FaceException.BackendUnavailable.class,
                "500:internal error", FaceException.BackendUnavailable.class);
        thrown.forEach((answer, type) -> {
            String[] parts = answer.split(":", 2);
            answer("POST", "/v1/face/groups/stars/add", Integer.parseInt(parts[0]), "{\"error\":\"" + parts[1] + "\"}");
            assertThatThrownBy(() -> engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a")))).as(answer).isInstanceOf(type);
        });
        answer("POST", "/v1/face/groups/stars", 409, "{\"error\":\"group already exists: stars\"}");
        assertThatThrownBy(() -> engine.createCollection(STARS, CollectionSpec.unlimited()))
                .isInstanceOfSatisfying(FaceException.AlreadyExists.class, e -> assertThat(e.resource()).isEqualTo(FaceException.Resource.COLLECTION));
        answer("GET", "/v1/face/groups/stars", 404, "{\"error\":\"group not found: stars\"}");
        assertThat(engine.collection(STARS)).isEmpty();
        answer("GET", "/v1/face/groups/stars", 400, "{\"error\":\"group not exist\"}");
        assertThat(engine.collection(STARS)).isEmpty();
        // Qiniu's server answers every failed search with one 500: the group is looked up to tell a missing one.
        answer("POST", "/v1/face/groups/stars/search", 500, "{\"error\":\"failed to search face\"}");
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(STARS), new Probe.ImageProbe(new byte[] {7}), 5, 0, false)))
                .isInstanceOf(FaceException.NotFound.class);
        answer("GET", "/v1/face/groups/stars", 200, "{\"config\":{\"capacity\":100},\"tags\":1,\"count\":3}");
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(STARS), new Probe.ImageProbe(new byte[] {7}), 5, 0, false)))
                .isInstanceOf(FaceException.UndecodableImage.class);
    }

    @Test
    void searchSendsTheImageAndTheThresholdOnQiniusScaleAndScoresComeBackAsRawCosine() {
        String hit = "{\"score\":0.45,\"id\":\"angelina-1\",\"tag\":\"angelina\",\"desc\":{\"k\":1},\"bounding_box\":{\"pts\":" + PTS
                + ",\"score\":0.99}}";
        answer("POST", "/v1/face/groups/stars/search", 200, "{\"search_results\":[{\"faces\":[{\"bounding_box\":{\"pts\":"
                + "[[0,0],[10,0],[10,10],[0,10]],\"score\":0.9},\"faces\":[]},{\"bounding_box\":{\"pts\":" + PTS
                + ",\"score\":0.9},\"faces\":[" + hit + "]}]}]}");

        double photo = QiniuScore.DEFAULT.toCosine(QiniuScore.PHOTO_THRESHOLD);
        SearchResult result = engine.search(new SearchQuery(List.of(STARS), new Probe.ImageProbe(new byte[] {7}), 5, photo, false));

        // The largest face of the probe is the one searched for, as an engine takes the main face.
        assertThat(result.hits()).singleElement().satisfies(h -> {
            assertThat(h.face().faceId()).isEqualTo("angelina-1");
            assertThat(h.face().description()).contains("{\"k\":1}");
            assertThat(h.score()).isCloseTo(photo, Offset.offset(1e-9));
        });
        server.verify(postRequestedFor(urlEqualTo("/v1/face/groups/stars/search")).withRequestBody(equalToJson(
                "{\"images\":[\"data:application/octet-stream;base64,Bw==\"],\"threshold\":0.45,\"limit\":5}")));

        answer("POST", "/v1/face/groups/stars/pts/search", 200, "{\"search_results\":[{\"faces\":[{\"bounding_box\":{\"pts\":" + PTS
                + "},\"faces\":[" + hit + "]}]}]}");
        engine.search(new SearchQuery(List.of(STARS), new Probe.ImageProbe(new byte[] {7}, Optional.of(new BoundingBox(1, 2, 3, 4))),
                1, -1, false));
        server.verify(postRequestedFor(urlEqualTo("/v1/face/groups/stars/pts/search")).withRequestBody(equalToJson(
                "{\"data\":[{\"uri\":\"data:application/octet-stream;base64,Bw==\",\"attribute\":{\"bounding_boxes\":[{\"pts\":"
                        + "[[1,2],[4,2],[4,6],[1,6]]}]}}],\"threshold\":0.0,\"limit\":1}")));

        answer("POST", "/v1/face/groups/stars/search", 200, "{\"search_results\":[{\"faces\":[]}]}");
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(STARS), new Probe.ImageProbe(new byte[] {7}), 5, 0, false)))
                .isInstanceOf(FaceException.NoFace.class);
    }

    @Test
    void listingPassesQiniusMarkerAndDeletingReportsWhatWasDeleted() {
        answer("GET", "/v1/face/groups/stars/images?tag=angelina&limit=2", 200, "{\"images\":[{\"id\":\"a\",\"tag\":\"angelina\","
                + "\"bounding_box\":{\"pts\":" + PTS + ",\"score\":0.9}}],\"marker\":\"bmV4dA==\"}");
        answer("GET", "/v1/face/groups/stars/images?tag=angelina&marker=bmV4dA%3D%3D&limit=2", 200,
                "{\"images\":[{\"id\":\"b\",\"tag\":\"angelina\"}],\"marker\":\"\"}");
        Page<StoredFace> first = engine.listFaces(STARS, Optional.of("angelina"), Optional.empty(), 2);
        assertThat(first.items()).extracting(StoredFace::faceId).containsExactly("a");
        Page<StoredFace> second = engine.listFaces(STARS, Optional.of("angelina"), first.nextMarker(), 2);
        assertThat(second.items()).extracting(StoredFace::faceId).containsExactly("b");
        assertThat(second.nextMarker()).isEmpty();
        server.verify(getRequestedFor(urlEqualTo("/v1/face/groups/stars/images?tag=angelina&marker=bmV4dA%3D%3D&limit=2")));

        answer("POST", "/v1/face/groups/stars/delete", 200, "{\"deleted\":[]}");
        assertThat(engine.deleteFace(STARS, "gone")).isFalse();
        server.verify(postRequestedFor(urlEqualTo("/v1/face/groups/stars/delete")).withRequestBody(equalToJson("{\"ids\":[\"gone\"]}")));
    }

    @Test
    void whatQiniusFaceGroupApiCannotExpressIsUnsupportedAndSaysSo() {
        assertThatThrownBy(() -> engine.detect(new byte[] {1})).isInstanceOf(FaceException.Unsupported.class)
                .hasMessageContaining("not supported by this backend");
        assertThatThrownBy(() -> engine.compare(new byte[] {1}, new byte[] {2})).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.copyFaces(STARS, List.of(FaceCopy.of(STARS, "a")))).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.embedding(STARS, "a")).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.records("default", "k")).isInstanceOf(FaceException.Unsupported.class);
        assertThatThrownBy(() -> engine.addFaces(STARS, List.of(new NewFace(new byte[] {1}, "a", Optional.empty(), Optional.of("mine")))))
                .isInstanceOf(FaceException.Unsupported.class).hasMessageContaining("user data");
        assertThatThrownBy(() -> engine.collection(new CollectionRef("other", "stars")).orElseThrow())
                .isInstanceOf(java.util.NoSuchElementException.class);
        assertThat(server.getAllServeEvents()).isEmpty();
    }
}
