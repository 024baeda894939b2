package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.DMAI;
import static io.polyface.gateway.GatewayFixtures.FACES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request journal over real HTTP: a gateway with the local engine keeps each dialect's last
 * five exchanges, photos as their size and hash, no credentials; {@code GET /admin/requests}
 * filters them, {@code DELETE} forgets them, and {@code polyface journal} prints them.
 */
class RequestJournalEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_ID = "journal-account";
    private static final String API_SECRET = "journal-account-secret-value";
    private static final String QINIU_SK = "journal-qiniu-secret-key";

    @RegisterExtension
    static final RunningGateway GATEWAY = new RunningGateway(Map.of(
            "journal.size", "5",
            "dialects.dmai.port", "0",
            "dialects.sensetime.accounts.0.api-id", API_ID,
            "dialects.sensetime.accounts.0.api-secret", API_SECRET,
            "dialects.qiniu.keys.0.access-key", "journal-qiniu-ak",
            "dialects.qiniu.keys.0.secret-key", QINIU_SK));

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base = GATEWAY.base();

    @BeforeEach
    void forgetEarlierExchanges() throws Exception {
        assertThat(send("DELETE", "/admin/requests", "").statusCode()).isEqualTo(200);
    }

    @Test
    void aDmaiInsertIsKeptWithThePhotoAsItsSizeAndHash() throws Exception {
        byte[] photo = Files.readAllBytes(FACES.resolve("obama/facerec_obama.jpg"));
        post(DMAI + "/create/collection", "{\"collection_name\":\"journal\"}");
        post(DMAI + "/face/insert", "{\"collection_name\":\"journal\",\"face_image\":[\"" + Base64.getEncoder().encodeToString(photo)
                + "\"],\"target_id\":[\"obama\"]}");

        JsonNode journal = journal("dialect=dmai");
        assertThat(journal.path("enabled").asBoolean()).isTrue();
        assertThat(journal.path("requests")).hasSize(2);
        JsonNode insert = journal.path("requests").get(0);
        assertThat(insert.path("operation").asText()).isEqualTo("face.insert");
        assertThat(insert.path("method").asText()).isEqualTo("POST");
        assertThat(insert.path("path").asText()).isEqualTo(DMAI + "/face/insert");
        assertThat(insert.path("status").asInt()).isEqualTo(200);
        assertThat(insert.path("tenant").asText()).isEqualTo("dmai");
        assertThat(insert.path("durationMs").asDouble()).isPositive();
        assertThat(insert.path("request").path("body").asText()).isEqualTo("{\"collection_name\":\"journal\",\"face_image\":[\"<image "
                + photo.length + " bytes sha256:" + sha256(photo) + ">\"],\"target_id\":[\"obama\"]}");
        assertThat(insert.path("request").path("size").asLong()).isGreaterThan(photo.length);
        assertThat(JSON.readTree(insert.path("response").path("body").asText()).path("err_code").asInt()).isZero();
        assertThat(journal.path("requests").get(1).path("operation").asText()).isEqualTo("collection.create");

        assertThat(journal("path=insert").path("requests")).hasSize(1);
        assertThat(journal("status=4xx").path("requests")).isEmpty();
        assertThat(journal("limit=1").path("requests").get(0).path("id").asLong()).isEqualTo(insert.path("id").asLong());
    }

    @Test
    void sensetimeSecretsNeverReachTheJournal() throws Exception {
        byte[] photo = Files.readAllBytes(FACES.resolve("biden/facerec_biden.jpg"));
        String boundary = "journal-test";
        HttpResponse<String> detected = http.send(HttpRequest.newBuilder(base.resolve("/sensetime/face/detection"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + API_SECRET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(GatewayFixtures.sensetimeForm(boundary, API_ID, API_SECRET, "biden.jpg",
                        photo))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(detected.statusCode()).as(detected.body()).isEqualTo(200);
        assertThat(send("GET", "/sensetime/info/api?api_id=" + API_ID + "&api_secret=" + URLEncoder.encode(API_SECRET,
                StandardCharsets.UTF_8), "").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/sensetime/info/list_groups", "{\"api_id\":\"" + API_ID + "\",\"api_secret\":\"" + API_SECRET + "\"}")
                .statusCode()).isIn(200, 404);

        HttpResponse<String> raw = send("GET", "/admin/requests?dialect=sensetime", "");
        assertThat(raw.body()).doesNotContain(API_SECRET).contains("<dropped>");
        JsonNode requests = JSON.readTree(raw.body()).path("requests");
        assertThat(requests).hasSize(3);
        JsonNode detection = requests.get(2);
        assertThat(detection.path("request").path("headers").has("Authorization")).isFalse();
        assertThat(detection.path("request").path("body").asText()).contains("part api_secret: <dropped>")
                .contains("part file (filename=\"biden.jpg\", image/jpeg): <image " + photo.length + " bytes sha256:" + sha256(photo) + ">");
        assertThat(detection.path("tenant").asText()).isEqualTo(API_ID);
        assertThat(requests.get(1).path("query").path("api_secret").get(0).asText()).isEqualTo("<dropped>");
    }

    @Test
    void aSignedQiniuRequestLosesItsAuthorizationAndItsDataUri() throws Exception {
        QiniuSdkClient qiniu = new QiniuSdkClient("journal-qiniu-ak", QINIU_SK);
        assertThat(qiniu.send(base, "POST", "/qiniu/v1/face/groups/journal", "{\"config\":{\"capacity\":10}}").statusCode()).isEqualTo(200);
        String dataUri = QiniuSdkClient.dataUri("obama/facerec_obama1.jpg");
        byte[] photo = Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1));
        HttpResponse<String> added = qiniu.send(base, "POST", "/qiniu/v1/face/groups/journal/add",
                "{\"image\":{\"uri\":\"" + dataUri + "\"}}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);

        JsonNode add = journal("dialect=qiniu&path=/add").path("requests").get(0);
        assertThat(add.path("request").path("headers").fieldNames()).toIterable()
                .noneMatch(name -> name.equalsIgnoreCase("Authorization"));
        assertThat(add.path("request").path("body").asText())
                .isEqualTo("{\"image\":{\"uri\":\"<image " + photo.length + " bytes sha256:" + sha256(photo) + ">\"}}");
        assertThat(add.path("tenant").asText()).isNotBlank();
    }

    @Test
    void eachDialectKeepsItsOwnLatestFiveAndDeleteForgetsThem() throws Exception {
        for (int i = 0; i < 7; i++) {
            assertThat(send("GET", DMAI + "/version", "").statusCode()).isEqualTo(200);
        }
        int own = GATEWAY.gateway().dialectPort("dmai").orElseThrow();
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + own + "/api/v1/engine/recocomp/version")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(send("GET", "/facepass/api/no/such/path", "").statusCode()).isEqualTo(404);

        JsonNode dmai = journal("dialect=dmai");
        assertThat(dmai.path("requests")).hasSize(5);
        assertThat(dmai.path("requests").get(0).path("path").asText()).as("the dialect's own port")
                .isEqualTo("/api/v1/engine/recocomp/version");
        JsonNode facepass = journal("dialect=facepass&status=404");
        assertThat(facepass.path("requests")).hasSize(1);
        assertThat(facepass.path("requests").get(0).path("operation").asText()).isEqualTo("unknown");

        HttpResponse<String> cleared = send("DELETE", "/admin/requests?dialect=dmai", "");
        assertThat(JSON.readTree(cleared.body()).path("cleared").asInt()).isEqualTo(5);
        assertThat(journal("").path("requests")).hasSize(1);
    }

    @Test
    void nativeProtocolCallsAreKeptUnderNative() throws Exception {
        // native.token is not set: the endpoint answers 404 in its own envelope, and the journal says so.
        assertThat(send("POST", "/native/v1/featureVersion", "{}").statusCode()).isEqualTo(404);

        JsonNode call = journal("dialect=native").path("requests").get(0);
        assertThat(call.path("operation").asText()).isEqualTo("featureVersion");
        assertThat(call.path("status").asInt()).isEqualTo(404);
        assertThat(call.path("response").path("body").asText()).contains("native protocol is off");
    }

    @Test
    void malformedFiltersAreRefused() throws Exception {
        HttpResponse<String> answer = send("GET", "/admin/requests?status=abc", "");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).path("error").asText()).contains("status");
    }

    @Test
    void theDumpCommandPrintsOneLinePerExchangeOldestFirst() throws Exception {
        send("GET", DMAI + "/version", "");
        send("GET", "/qiniu/v1/face/groups", "");
        send("GET", DMAI + "/version?probe=1", "");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        assertThat(io.polyface.gateway.cli.Cli.run(new String[] {"journal", "--url", base.toString(), "--dialect", "dmai"},
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err)).isZero();

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\S+Z dmai GET " + DMAI + "/version -> 200 \\([0-9.]+ ms\\) version( \\[tenant dmai])?");
        assertThat(lines.get(1)).contains("GET " + DMAI + "/version?probe=1 -> 200");
    }

    @Test
    void theDumpCommandSaysWhatIsWrong() {
        PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream());
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(said, true, StandardCharsets.UTF_8);
        assertThat(io.polyface.gateway.cli.Cli.run(new String[] {"journal", "--url", "http://127.0.0.1:1"}, nowhere, err)).isEqualTo(1);
        assertThat(said.toString(StandardCharsets.UTF_8)).startsWith("polyface: nothing answers at http://127.0.0.1:1/admin/requests");
        said.reset();
        assertThat(io.polyface.gateway.cli.Cli.run(new String[] {"journal", "--verbose", "1"}, nowhere, err)).isEqualTo(2);
        assertThat(said.toString(StandardCharsets.UTF_8)).startsWith("polyface: Unknown options: '--verbose', '1'");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private JsonNode journal(String query) throws Exception {
        HttpResponse<String> answer = send("GET", "/admin/requests" + (query.isEmpty() ? "" : "?" + query), "");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(answer.body());
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> answer = send("POST", path, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("err_code").asInt()).as(answer.body()).isZero();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (body.isEmpty()) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
