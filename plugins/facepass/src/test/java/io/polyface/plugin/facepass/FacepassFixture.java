package io.polyface.plugin.facepass;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.engine.testing.ImageDetector;
import io.polyface.engine.testing.InMemoryFaceEngine;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.Orientation;
import io.polyface.toolkit.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;

/**
 * A FacePass dialect on an {@link InMemoryFaceEngine} that sees only the faces a test gives an
 * image ({@link InMemoryFaceEngine#faces}), and requests to send it.
 */
final class FacepassFixture {
    static final String BOUNDARY = "----polyfaceTestBoundary";

    /** The feature version of the engine's faces. */
    static final String VERSION = "fake-v1";

    final InMemoryFaceEngine engine = InMemoryFaceEngine.builder().featureVersion(new FeatureVersion(VERSION, "test"))
            .detector(ImageDetector.nothing()).build();
    final FacepassDialect dialect;

    FacepassFixture() {
        this(Map.of());
    }

    FacepassFixture(Map<String, String> settings) {
        this(settings, UnaryOperator.identity());
    }

    /** @param served what the dialect is served by, around the in-memory engine (a decorator that interferes, say) */
    FacepassFixture(Map<String, String> settings, UnaryOperator<FaceEngine> served) {
        FaceEngine around = served.apply(engine);
        dialect = new FacepassDialect(new DialectContext((d, t, c) -> around, settings, "default", Clock.systemUTC(),
                (url, timeout) -> {
                    throw new AssertionError("FacePass downloads nothing");
                }));
    }

    /** A response and its JSON body (null when the body is not JSON). */
    record Answer(DialectResponse response, JsonNode json) {
        int status() {
            return response.status();
        }

        int code() {
            return json.path("code").asInt(-1);
        }

        String message() {
            return json.path("message").asText();
        }

        JsonNode data() {
            return json.path("data");
        }

        String text() {
            return new String(response.body(), StandardCharsets.UTF_8);
        }
    }

    Answer send(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body,
            Optional<String> remote) {
        DialectRequest request = new DialectRequest(method, path, Map.of(), query, headers, body, remote);
        Operation operation = dialect.operations().stream()
                .filter(o -> o.methods().contains(method) && o.pathTemplate().replaceAll("/$", "").equals(path.replaceAll("/$", "")))
                .findFirst().orElse(null);
        DialectResponse response = operation == null ? dialect.renderUnknownPath(request) : operation.handler().handle(request);
        JsonNode json = null;
        if (response.contentType().equals("application/json")) {
            try {
                json = Json.PLAIN.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Answer(response, json);
    }

    Answer json(String path, String body) {
        return send("POST", path, Map.of(), Map.of("Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    Answer get(String path, Map<String, List<String>> query) {
        return send("GET", path, query, Map.of(), new byte[0], Optional.empty());
    }

    Answer multipart(String path, Multipart form) {
        return send("POST", path, Map.of(), Map.of("Content-Type", List.of("multipart/form-data; boundary=" + BOUNDARY)),
                form.bytes(), Optional.empty());
    }

    /** A multipart body under construction. */
    static final class Multipart {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        Multipart file(String name, String filename, byte[] content) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            out.writeBytes(content);
            write("\r\n");
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(out.toByteArray());
            copy.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return copy.toByteArray();
        }

        private void write(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A PNG or JPEG whose every pixel encodes its own position (red = x, green = y, blue = seed). */
    static byte[] image(String format, int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x & 0xFF) << 16 | (y & 0xFF) << 8 | (seed & 0xFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A detected face with pose and quality that pass or fail FacePass's gate as given. */
    static DetectedFace face(BoundingBox box, float[] vector, double roll, double blur, double liveness) {
        float[] unit = normalised(vector);
        FaceDetails details = new FaceDetails(Optional.of(new FacePose(2, 3, roll)),
                Optional.of(new FaceQuality(blur, 120, 40, Math.min(box.width(), box.height()), Orientation.UP)),
                Optional.empty(), OptionalDouble.of(liveness), Optional.empty());
        return new DetectedFace(box, 0.99, List.of(), new Embedding(unit, VERSION), details);
    }

    static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / Math.sqrt(norm));
        }
        return unit;
    }
}
