package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.dialect.DialectFixtures;
import io.polyface.toolkit.engine.RecordsFakeEngine;
import io.polyface.toolkit.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Every free-text field has a length limit, refused with a 400 naming the field before anything
 * is stored or fetched, and an error quotes at most a short prefix of what the client sent.
 */
class QiniuLimitsTest {
    private static final String FIVE_MB = "v".repeat(5 << 20);
    private static final String GRIN = "\uD83D\uDE00";
    private static final String GROUP = "pics";

    /** Records are all Qiniu's image groups store; any other engine call fails the test. */
    private final RecordsFakeEngine engine = new RecordsFakeEngine();
    private final QiniuDialect dialect = new QiniuDialect(DialectFixtures.on(engine, "qiniu"));

    /** A response with its body read as JSON. */
    private record Answer(int status, JsonNode json) {
        String error() {
            return json.path("error").asText();
        }
    }

    private Answer send(String operation, String group, String method, Map<String, List<String>> query, String body) {
        Operation op = DialectFixtures.operation(dialect, operation);
        DialectRequest request = new DialectRequest(method, op.pathTemplate().replace("{group}", group), Map.of("group", group),
                query, Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8));
        DialectResponse response;
        try {
            response = op.handler().handle(request);
        } catch (FaceException failure) {
            response = dialect.renderError(failure, op);
        }
        try {
            return new Answer(response.status(), Json.STRICT.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer post(String operation, ObjectNode body) {
        return send(operation, GROUP, "POST", Map.of(), body.toString());
    }

    private static void assertTooLong(Answer answer, String field, int limit) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo(field + " is longer than " + limit + " characters");
    }

    /** An image add whose image has the given fields besides its uri. */
    private static ObjectNode image(String... fields) {
        ObjectNode body = Json.object();
        ObjectNode image = body.putObject("image").put("uri", png());
        for (int i = 0; i < fields.length; i += 2) {
            image.put(fields[i], fields[i + 1]);
        }
        return body;
    }

    private static String png() {
        BufferedImage picture = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                picture.setRGB(x, y, x * 8 << 16 | y * 8 << 8);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(picture, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private JsonNode listed() {
        return send("image.list", GROUP, "GET", Map.of(), "").json().path("images");
    }

    private void createGroup() {
        assertThat(post("image.group.create", Json.object().set("config",
                Json.object().put("capacity", 100))).status()).isEqualTo(200);
    }

    @Test
    void fiveMegabyteValuesAreRefusedAndNothingIsStored() {
        createGroup();

        assertTooLong(post("image.add", image("id", FIVE_MB)), "image.id", 512);
        assertTooLong(post("image.add", image("tag", FIVE_MB)), "image.tag", 256);
        assertTooLong(post("image.add", image("desc", FIVE_MB)), "image.desc", QiniuLimits.DESC_CHARS);
        ObjectNode remote = Json.object();
        remote.putObject("image").put("uri", "https://example.com/" + FIVE_MB);
        assertTooLong(post("image.add", remote), "image.uri", 4096);
        // The face routes refuse before they touch the engine, which would fail the test.
        assertTooLong(post("face.add", image("tag", FIVE_MB)), "image.tag", 256);
        ObjectNode legacy = Json.object();
        legacy.putArray("data").addObject().put("uri", png()).putObject("attribute").put("name", FIVE_MB);
        assertTooLong(post("legacy.face.group.new", legacy), "data[0].attribute.name", 256);
        ObjectNode feature = Json.object();
        feature.putArray("features").addObject().put("id", "f1").put("value", "AAAA").put("tag", FIVE_MB);
        assertTooLong(post("face.feature.add", feature), "features[0].tag", 256);

        assertThat(listed()).isEmpty();
    }

    @Test
    void valuesUpToTheirLimitsAreKeptAndOneMoreCharacterIsRefused() {
        createGroup();
        // Characters, not UTF-16 units: characters outside the BMP count once.
        String id = GRIN.repeat(512);
        String tag = GRIN.repeat(256);
        String desc = "d".repeat(QiniuLimits.DESC_CHARS - 2); // a JSON string at the limit with its quotes

        assertThat(post("image.add", image("id", id, "tag", tag, "desc", desc)).status()).isEqualTo(200);
        assertTooLong(post("image.add", image("id", "i".repeat(513))), "image.id", 512);
        assertTooLong(post("image.add", image("tag", "t".repeat(257))), "image.tag", 256);
        assertTooLong(post("image.add", image("desc", "d".repeat(QiniuLimits.DESC_CHARS - 1))), "image.desc", QiniuLimits.DESC_CHARS);
        assertTooLong(send("image.list", GROUP, "GET", Map.of("tag", List.of("t".repeat(257))), ""), "tag", 256);
        ObjectNode delete = Json.object();
        delete.putArray("ids").add("a").add("i".repeat(513));
        assertTooLong(post("image.delete", delete), "ids[1]", 512);

        JsonNode images = listed();
        assertThat(images).hasSize(1);
        assertThat(images.get(0).path("id").asText()).isEqualTo(id);
        assertThat(images.get(0).path("tag").asText()).isEqualTo(tag);
        assertThat(images.get(0).path("desc").asText()).isEqualTo(desc);
    }

    @Test
    void aDataUriIsBoundedByItsImageNotByTheUrlLimit() {
        createGroup();
        String uri = png();
        ObjectNode body = Json.object();
        body.putObject("image").put("uri", uri + "\n".repeat(5000));

        assertThat(uri.length() + 5000).isGreaterThan(QiniuLimits.URL_CHARS);
        assertThat(post("image.add", body).status()).isEqualTo(200);
    }

    @Test
    void aGroupNameTheOlderGenerationQuotesIsShort() {
        String group = "g".repeat(1000);
        ObjectNode body = Json.object();
        body.putArray("data").addObject().put("uri", png());

        Answer answer = send("legacy.image.add", group, "POST", Map.of(), body.toString());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("group " + "g".repeat(64) + "... not exists");
    }
}
