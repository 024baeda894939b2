package io.polyface.plugin.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.dialect.DialectFixtures;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Each SPI failure rendered in the FacePass envelope with its documented code and HTTP status. */
class FacepassErrorCodeMappingTest {
    private final FacepassFixture fixture = new FacepassFixture();

    private JsonNode render(FaceException failure, String operation, int status) throws IOException {
        Operation op = DialectFixtures.operation(fixture.dialect, operation);
        DialectResponse response = fixture.dialect.renderError(failure, op);
        assertThat(response.status()).isEqualTo(status);
        JsonNode json = Json.PLAIN.readTree(response.body());
        assertThat(json.path("data").isObject()).isTrue();
        return json;
    }

    @Test
    void everySpiFailureHasItsCode() throws IOException {
        assertThat(render(new FaceException.NotFound(Resource.COLLECTION, "g"), "group.query", 400).path("code").asInt()).isEqualTo(104301);
        assertThat(render(new FaceException.NotFound(Resource.FACE, "f"), "face.query", 400).path("code").asInt()).isEqualTo(104202);
        assertThat(render(new FaceException.NotFound(Resource.IMAGE, "i"), "image.query", 400).path("message").asText())
                .isEqualTo("ILLEGAL_ARGUMENT: image_id");
        assertThat(render(new FaceException.AlreadyExists(Resource.COLLECTION, "g"), "group.create", 400).path("code").asInt())
                .isEqualTo(104300);
        assertThat(render(new FaceException.InvalidArgument("group_name", "x"), "group.create", 400).path("message").asText())
                .isEqualTo("ILLEGAL_ARGUMENT: group_name");
        assertThat(render(new FaceException.NoFace(), "compare", 400).path("code").asInt()).isEqualTo(104200);
        assertThat(render(new FaceException.BadQuality("Roll"), "face.add", 400).path("message").asText()).isEqualTo("BAD_QUALITY: Roll");
        assertThat(render(new FaceException.UndecodableImage("x"), "face.add", 400).path("code").asInt()).isEqualTo(104100);
        assertThat(render(new FaceException.UndecodableImage("x"), "compare", 400).path("code").asInt()).isEqualTo(104103);
        assertThat(render(new FaceException.ImageTooLarge(10), "face.add", 400).path("code").asInt()).isEqualTo(104102);
        assertThat(render(FaceException.ImageTooLarge.pixels(10), "face.add", 400).path("code").asInt()).isEqualTo(104101);
        JsonNode internal = render(new FaceException.Internal("NullPointerException at X.java:1", null), "face.add", 500);
        assertThat(internal.path("code").asInt()).isEqualTo(105000);
        assertThat(internal.path("message").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(render(new FaceException.BackendUnavailable("db", null), "group.list", 500).path("code").asInt()).isEqualTo(105000);
    }

    @Test
    void everyFailureOfTheClosedHierarchyIsMapped() {
        for (FaceException failure : new FaceException[] {
                new FaceException.QuotaExceeded(FaceException.Quota.COLLECTIONS, 1, "q"),
                new FaceException.DownloadFailed("d", FaceException.DownloadFailed.Reason.NETWORK, null),
                new FaceException.Unauthorized("u"), new FaceException.RateLimited("r"), new FaceException.Unsupported("s")}) {
            assertThat(FacepassErrors.code(failure, "face.add")).isEqualTo(FacepassErrorCode.INTERNAL_ERROR);
        }
    }
}
