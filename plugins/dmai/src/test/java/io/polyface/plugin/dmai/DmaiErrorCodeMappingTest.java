package io.polyface.plugin.dmai;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Quota;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.dialect.DialectFixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each documented DM-AI error code, produced from the SPI failure that stands for it. */
class DmaiErrorCodeMappingTest {
    private final DmaiDialect dialect = new DmaiDialect(DialectFixtures.offline("default"));

    private Operation op(String name) {
        return DialectFixtures.operation(dialect, name);
    }

    private String render(FaceException failure, String operation) {
        DialectResponse response = dialect.renderError(failure, op(operation));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json");
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void databaseUnreachableIs1001() {
        assertThat(render(new FaceException.BackendUnavailable("mongo down", null), "face.insert"))
                .isEqualTo("{\"err_code\":1001,\"status\":\"Database error\"}");
    }

    @Test
    void collectionQuotaIs1002() {
        assertThat(render(new FaceException.QuotaExceeded(Quota.COLLECTIONS, 30, "too many"), "collection.create"))
                .isEqualTo("{\"err_code\":1002,\"status\":\"Collection quota exceeded\"}");
    }

    @Test
    void badCollectionNameIs1003ButOtherBadFieldsAre500() {
        assertThat(render(new FaceException.InvalidArgument("collection_name", "bad"), "collection.create"))
                .isEqualTo("{\"err_code\":1003,\"status\":\"Invalid collection name\"}");
        assertThat(render(new FaceException.InvalidArgument("top_k", "top_k must be between 1 and 100"), "face.search"))
                .isEqualTo("{\"err_code\":500,\"status\":\"top_k must be between 1 and 100\"}");
    }

    @Test
    void existingCollectionIs1004() {
        assertThat(render(new FaceException.AlreadyExists(Resource.COLLECTION, "c"), "collection.create"))
                .isEqualTo("{\"err_code\":1004,\"status\":\"Collection already exists\"}");
    }

    @Test
    void unknownCollectionIs1005ForLookupsAnd1006ForEverythingElse() {
        FaceException missing = new FaceException.NotFound(Resource.COLLECTION, "c");
        for (String lookup : new String[] {"collection.status", "face.search"}) {
            assertThat(render(missing, lookup)).isEqualTo("{\"err_code\":1005,\"status\":\"Please check collection name\"}");
        }
        for (String change : new String[] {"collection.clear", "collection.delete", "face.insert", "face.update", "target.delete"}) {
            assertThat(render(missing, change)).isEqualTo("{\"err_code\":1006,\"status\":\"Collection does not exist\"}");
        }
    }

    @Test
    void targetQuotaIs1007() {
        assertThat(render(new FaceException.QuotaExceeded(Quota.FACES_PER_TAG, 5, "too many"), "face.insert"))
                .isEqualTo("{\"err_code\":1007,\"status\":\"Target_id quota exceeded\"}");
    }

    @Test
    void internalFailureOfAnUpdateIs1008AndElsewhere500WithoutDetails() {
        FaceException internal = new FaceException.Internal("NullPointerException at Foo.java:12", null);
        assertThat(render(internal, "face.update")).isEqualTo("{\"err_code\":1008,\"status\":\"Update vectors unsuccessfully\"}");
        assertThat(render(internal, "face.compare")).isEqualTo("{\"err_code\":500,\"status\":\"Internal error\"}");
    }

    @Test
    void imageProblemsAre500WithAReadableStatus() {
        assertThat(render(new FaceException.NoFace(), "face.compare")).contains("\"err_code\":500", "no face");
        assertThat(render(new FaceException.UndecodableImage("truncated JPEG (120 bytes)"), "face.search"))
                .isEqualTo("{\"err_code\":500,\"status\":\"Undecodable image: truncated JPEG (120 bytes)\"}");
        assertThat(render(new FaceException.ImageTooLarge(1024), "face.insert"))
                .isEqualTo("{\"err_code\":500,\"status\":\"Request too large: at most 1024 bytes\"}");
        assertThat(render(FaceException.ImageTooLarge.pixels(40_000_000), "face.search"))
                .isEqualTo("{\"err_code\":500,\"status\":\"Image too large: at most 40000000 pixels\"}");
    }

    @Test
    void unknownPathIs404InTheSameEnvelope() {
        DialectResponse response = dialect.renderUnknownPath(new io.polyface.spi.dialect.DialectRequest(
                "POST", "/api/v1/engine/recocomp/nothing", Map.of(), Map.of(), Map.of(), new byte[0]));

        assertThat(response.status()).isEqualTo(404);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"err_code\":500,\"status\":\"Not found: POST /api/v1/engine/recocomp/nothing\"}");
    }
}
