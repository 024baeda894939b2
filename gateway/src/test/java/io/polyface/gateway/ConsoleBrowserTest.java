package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.DMAI;
import static io.polyface.gateway.GatewayFixtures.FACES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.toolkit.connector.MultipartBody;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser (Debian's headless Chromium) against a real gateway: the local
 * engine with its models, DM-AI, Qiniu and FacePass over HTTP. The playground, with the scripts
 * the three plugins bring, is preset through the page's URL, searches a collection holding a real
 * photo's person, boxes the face on a canvas and lists the hits; the test reads the page's DOM and
 * checks the box's colour on the screenshot's pixels.
 * Screenshots stay in {@code target/console-screenshots} for a person to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final String PROBE = "obama/facerec_obama3.jpg";
    /** The playground's colour for the first face (playground.js, COLOURS[0]). */
    private static final int[] BOX = {0xff, 0x2d, 0x9b};
    private static final Duration SEARCH = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;
    private HttpServer photos;
    private HeadlessChromium chromium;
    private URI base;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        HeadlessChromium.binary();
        gateway = Gateway.start(GatewayOptions.ephemeral(data));
        base = gateway.baseUri();
        // The photos come from another origin, as a user's link would; the console fetches them with CORS.
        photos = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        photos.createContext("/", exchange -> {
            Path file = FACES.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            byte[] body = file.startsWith(FACES.normalize()) && Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        photos.start();
        chromium = HeadlessChromium.start(1360, 1000);
    }

    @AfterAll
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (photos != null) {
            photos.stop(0);
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void thePlaygroundSearchesADmaiCollectionAndBoxesTheFace() throws Exception {
        assertThat(post(DMAI + "/create/collection", "{\"collection_name\":\"console\"}").get("err_code").asInt()).isZero();
        JsonNode inserted = post(DMAI + "/face/insert", """
                {"collection_name":"console","face_image":["%s","%s","%s"],"target_id":["obama","obama","biden"]}
                """.formatted(photo("obama/facerec_obama.jpg"), photo("obama/facerec_obama1.jpg"), photo("biden/facerec_biden.jpg")));
        assertThat(inserted.get("success_num").asInt()).isEqualTo(3);

        String state = runPlayground("dmai", "console");

        assertThat(state).as("the playground's state; its status line: %s", status()).isEqualTo("done");
        String dom = chromium.dom();
        assertThat(dom).contains("data-boxes=\"1\"").contains("data-hit-id=\"obama\"").contains("data-hit-id=\"biden\"");
        assertThat(chromium.evaluate("document.querySelector('#pg-results li').dataset.hitId").asText())
                .as("the best hit").isEqualTo("obama");
        assertThat(chromium.evaluate("Number(document.querySelector('#pg-results li').dataset.score)").asDouble()).isGreaterThan(0.5);
        assertBoxOnScreenshot(chromium.screenshot(SHOTS.resolve("playground-dmai.png")));
    }

    @Test
    void thePlaygroundDrawsQiniusOwnBoxes() throws Exception {
        qiniuGroupWith("console", "obama-1", "obama", "obama/facerec_obama.jpg");

        String state = runPlayground("qiniu", "console");

        assertThat(state).as("the playground's state; its status line: %s", status()).isEqualTo("done");
        assertThat(chromium.dom()).contains("data-boxes=\"1\"").contains("data-hit-id=\"obama-1\"");
        assertBoxOnScreenshot(chromium.screenshot(SHOTS.resolve("playground-qiniu.png")));
    }

    @Test
    void thePlaygroundRecognizesThroughFacepassAndScoresOutOf100() throws Exception {
        assertThat(post("/facepass/api/group/v1/create", "{\"group_name\":\"console\"}").get("code").asInt()).isZero();
        String token = facepassFace("obama/facerec_obama.jpg");
        assertThat(post("/facepass/api/group/v1/bind", "{\"group_name\":\"console\",\"face_token\":\"%s\"}".formatted(token))
                .get("code").asInt()).isZero();

        String state = runPlayground("facepass", "console");

        assertThat(state).as("the playground's state; its status line: %s", status()).isEqualTo("done");
        assertThat(chromium.dom()).contains("data-boxes=\"1\"").contains("data-hit-id=\"" + token + "\"");
        assertThat(chromium.evaluate("Number(document.querySelector('#pg-results li').dataset.score)").asDouble())
                .as("recognize's score, out of 100").isBetween(70.0, 100.0);
        assertBoxOnScreenshot(chromium.screenshot(SHOTS.resolve("playground-facepass.png")));
    }

    @Test
    void thePlaygroundOffersTheDialectsWhosePluginsBringAScript() {
        chromium.navigate("about:blank");
        chromium.navigate(base + "/console/#playground");
        chromium.waitFor("document.getElementById('pg-dialect').options.length > 0", Duration.ofSeconds(30));

        assertThat(chromium.evaluate("[...document.getElementById('pg-dialect').options].map(o => o.value).join()").asText()
                .split(",")).as("in the served order; SenseTime's plugin brings none: its API needs a signed account")
                .containsSubsequence("dmai", "facepass", "qiniu").doesNotContain("sensetime");
    }

    @Test
    void theOverviewShowsTheEngineTheRoutesAndEachDialectsTraffic() throws Exception {
        chromium.navigate(base + "/console/#overview");
        for (int i = 0; i < 3; i++) {
            send("GET", DMAI + "/version", "");
        }
        chromium.waitFor("document.getElementById('page-overview').dataset.state === 'ready'", Duration.ofSeconds(30));
        // Two traffic samples (3 s apart) make a line.
        chromium.waitFor("document.querySelector('#traffic [data-dialect=dmai] path.line')", Duration.ofSeconds(20));

        assertThat(chromium.evaluate("document.querySelector('#engines [data-engine=local] .chip.ok').textContent").asText())
                .isEqualTo("ready");
        assertThat(chromium.evaluate("document.getElementById('routes').textContent").asText())
                .contains("Requests no rule takes go to local");
        assertThat(chromium.evaluate("[...document.querySelectorAll('#traffic [data-dialect]')].map(c => c.dataset.dialect).join()")
                .asText()).isEqualTo(String.join(",", GatewayFixtures.dialectsFound()));
        assertThat(chromium.evaluate("document.getElementById('auth').textContent").asText()).isEqualTo("admin access");
        assertNonTrivial(chromium.screenshot(SHOTS.resolve("overview.png")));
    }

    @Test
    void theJobsPageShowsAFeatureJobAndSaysWhereMigrationsReport() throws Exception {
        qiniuGroupWith("jobs", "biden-1", "biden", "biden/facerec_biden.jpg");
        assertThat(send("POST", "/qiniu/v1/face/group/jobs/feature/rerun", "").statusCode()).isEqualTo(200);

        chromium.navigate(base + "/console/#jobs");
        chromium.waitFor("[...document.querySelectorAll('#jobs td')].some(td => td.textContent.startsWith('jobs'))",
                Duration.ofSeconds(30));

        String text = chromium.evaluate("document.getElementById('page-jobs').textContent").asText();
        assertThat(text).contains("polyface migrate").contains("(re-run)").contains("qiniu");
        chromium.waitFor("document.getElementById('jobs').textContent.includes('finished')", Duration.ofSeconds(60));
        assertThat(chromium.evaluate("document.getElementById('jobs').textContent").asText()).contains("1 / 1");
        assertNonTrivial(chromium.screenshot(SHOTS.resolve("jobs.png")));
    }

    /** Opens the playground preset by its URL and waits for the search to end; returns its final state. */
    private String runPlayground(String dialect, String collection) {
        chromium.navigate("about:blank");
        String image = "http://127.0.0.1:" + photos.getAddress().getPort() + "/" + PROBE;
        chromium.navigate(base + "/console/#playground?dialect=" + dialect + "&collection=" + collection
                + "&image=" + URLEncoder.encode(image, StandardCharsets.UTF_8));
        chromium.waitFor("['done', 'failed'].includes(document.getElementById('page-playground').dataset.state)", SEARCH);
        return chromium.evaluate("document.getElementById('page-playground').dataset.state").asText();
    }

    private String status() {
        return chromium.evaluate("document.getElementById('pg-status').textContent").asText();
    }

    /**
     * The first face's box, where the page says it drew it, has the box colour on the screenshot:
     * along its left, right and bottom edges (the top carries the label), and not inside (the face).
     */
    private void assertBoxOnScreenshot(Path shot) throws Exception {
        BufferedImage png = assertNonTrivial(shot);
        JsonNode canvas = JSON.readTree(chromium.evaluate(
                "JSON.stringify(document.getElementById('pg-canvas').getBoundingClientRect())").asText());
        JsonNode box = JSON.readTree(chromium.evaluate("document.getElementById('pg-canvas').dataset.boxRects").asText()).get(0);
        int left = (int) Math.round(canvas.get("left").asDouble()) + box.get(0).asInt();
        int top = (int) Math.round(canvas.get("top").asDouble()) + box.get(1).asInt();
        int width = box.get(2).asInt();
        int height = box.get(3).asInt();
        assertThat(width).as("box width on screen").isGreaterThan(20);
        assertThat(height).as("box height on screen").isGreaterThan(20);

        int along = 0;
        int coloured = 0;
        for (int y = top + 4; y < top + height - 4; y += 2) {
            along += 2;
            coloured += (boxColourNear(png, left, y) ? 1 : 0) + (boxColourNear(png, left + width, y) ? 1 : 0);
        }
        for (int x = left + 4; x < left + width - 4; x += 2) {
            along++;
            coloured += boxColourNear(png, x, top + height) ? 1 : 0;
        }
        assertThat(coloured).as("edge pixels in the box colour, of %d", along).isGreaterThan(along * 9 / 10);
        int inside = 0;
        for (int y = top + height / 4; y < top + height * 3 / 4; y += 3) {
            for (int x = left + width / 4; x < left + width * 3 / 4; x += 3) {
                inside += isBoxColour(png.getRGB(x, y)) ? 1 : 0;
            }
        }
        assertThat(inside).as("box-coloured pixels inside the box").isZero();
    }

    /** The 3-pixel line may fall a pixel either side of the rounded position. */
    private static boolean boxColourNear(BufferedImage png, int x, int y) {
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                if (isBoxColour(png.getRGB(x + dx, y + dy))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isBoxColour(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return Math.abs(r - BOX[0]) < 24 && Math.abs(g - BOX[1]) < 24 && Math.abs(b - BOX[2]) < 24;
    }

    /** A real picture: the viewport's size, and far more than a few flat colours. */
    private static BufferedImage assertNonTrivial(Path shot) throws IOException {
        assertThat(shot).exists();
        assertThat(Files.size(shot)).as("screenshot bytes").isGreaterThan(20_000);
        BufferedImage png = ImageIO.read(shot.toFile());
        assertThat(png.getWidth()).isEqualTo(1360);
        assertThat(png.getHeight()).isEqualTo(1000);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < png.getHeight(); y += 2) {
            for (int x = 0; x < png.getWidth(); x += 2) {
                colours.add(png.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(100);
        return png;
    }

    /** Makes a Qiniu group with one face; both calls must succeed. */
    private void qiniuGroupWith(String group, String id, String tag, String photo) throws Exception {
        assertThat(send("POST", "/qiniu/v1/face/groups/" + group, "{\"config\":{\"capacity\":100}}").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/qiniu/v1/face/groups/" + group + "/add", """
                {"image":{"id":"%s","uri":"data:application/octet-stream;base64,%s","tag":"%s"}}
                """.formatted(id, photo(photo), tag)).statusCode()).isEqualTo(200);
    }

    /** Adds a photo's face to FacePass's pool; its face_token. */
    private String facepassFace(String photo) throws Exception {
        HttpResponse<String> response = http.send(new MultipartBody().file("image", "photo.jpg", Files.readAllBytes(FACES.resolve(photo)))
                .postTo(HttpRequest.newBuilder(base.resolve("/facepass/api/face/v1/add"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).at("/data/face_token").asText();
    }

    private static String photo(String name) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(FACES.resolve(name)));
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = send("POST", path, body);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
