package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.FaceException.DownloadFailed.Reason;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.FaceException;
import io.polyface.spi.QualityCheck;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.dialect.DialectFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every SPI failure as Qiniu's {@code {"error": ...}} with its HTTP status; the admin API in its own envelope. */
class QiniuErrorsTest {
    private final QiniuDialect dialect = new QiniuDialect(DialectFixtures.offline("qiniu"));

    private Operation op(String name) {
        return DialectFixtures.operation(dialect, name);
    }

    private String render(FaceException failure, String operation, int status) {
        DialectResponse response = dialect.renderError(failure, op(operation));
        assertThat(response.status()).as("HTTP status").isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/json");
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void badInputIs400() {
        assertThat(render(new FaceException.InvalidArgument("threshold", "threshold must be a number from 0 to 1"), "face.search", 400))
                .isEqualTo("{\"error\":\"threshold must be a number from 0 to 1\"}");
        assertThat(render(new FaceException.NoFace(), "face.add", 400)).isEqualTo("{\"error\":\"no face detected in the image\"}");
        assertThat(render(new FaceException.BadQuality("failed BLUR"), "face.add", 400)).isEqualTo("{\"error\":\"bad face: failed BLUR\"}");
        assertThat(render(new FaceException.UndecodableImage("broken"), "image.add", 400)).contains("cannot decode the image");
    }

    @Test
    void eachDownloadFailureSaysWhatWentWrong() {
        assertThat(render(new FaceException.DownloadFailed("x", Reason.BLOCKED, null), "face.add", 400)).contains("private or local address");
        assertThat(render(new FaceException.DownloadFailed("x", Reason.TIMEOUT, null), "face.add", 400)).contains("timed out");
        assertThat(render(new FaceException.DownloadFailed("HTTP 404", Reason.HTTP_STATUS, null), "face.add", 400)).contains("HTTP 404");
        assertThat(render(new FaceException.DownloadFailed("x", Reason.BAD_URL, null), "face.add", 400)).contains("not a usable http(s) URL");
        assertThat(render(new FaceException.DownloadFailed("x", Reason.NETWORK, null), "face.add", 400)).contains("connection failed");
        assertThat(render(new FaceException.ImageTooLarge(1024), "face.add", 413)).isEqualTo("{\"error\":\"image or request larger than 1024 bytes\"}");
        // an image declaring too many pixels is a bad image, as the image groups say, not a body too large
        assertThat(render(FaceException.ImageTooLarge.pixels(40_000_000), "face.add", 400))
                .isEqualTo("{\"error\":\"cannot decode the image: it has more than 40000000 pixels\"}");
    }

    @Test
    void authNotFoundAndConflicts() {
        assertThat(render(new FaceException.Unauthorized("signature does not match the request"), "face.group.list", 401))
                .isEqualTo("{\"error\":\"signature does not match the request\"}");
        assertThat(render(new FaceException.NotFound(Resource.COLLECTION, "g01"), "face.search", 400))
                .as("the route found its group and another request removed it: Qiniu's words for a group that is not there")
                .isEqualTo("{\"error\":\"group not exist\"}");
        assertThat(render(new FaceException.NotFound(Resource.COLLECTION, "g01"), "face.update", 400)).isEqualTo("{\"error\":\"group not exist\"}");
        assertThat(render(new FaceException.NotFound(Resource.IMAGE, "i1"), "image.update", 404)).isEqualTo("{\"error\":\"image not found: i1\"}");
        assertThat(render(new FaceException.AlreadyExists(Resource.COLLECTION, "g01"), "face.group.create", 409))
                .isEqualTo("{\"error\":\"group already exists: g01\"}");
        assertThat(render(new FaceException.AlreadyExists(Resource.FACE, "i1"), "face.add", 409)).contains("image id already exists");
    }

    @Test
    void failuresOfTheServiceHideTheirDetails() {
        assertThat(render(new FaceException.Internal("NullPointerException at X.java:1", null), "face.search", 500))
                .isEqualTo("{\"error\":\"internal error\"}");
        assertThat(render(new FaceException.BackendUnavailable("mongo at 10.0.0.5 down", null), "face.search", 503))
                .doesNotContain("10.0.0.5");
        render(new FaceException.RateLimited("slow down"), "face.search", 429);
        render(new FaceException.Unsupported("stored-face probes"), "face.compare", 501);
    }

    @Test
    void theAdminApiAnswersInItsOwnEnvelope() {
        assertThat(render(new FaceException.NotFound(Resource.COLLECTION, "g01"), "feature.version", 404))
                .isEqualTo("{\"code\":404,\"message\":\"group not found: g01\"}");
        assertThat(render(new FaceException.AlreadyExists(Resource.TASK, "j"), "feature.upgrade", 409))
                .isEqualTo("{\"code\":409,\"message\":\"an upgrade or re-run is already running on this group\"}");
    }

    @Test
    void anUnknownPathIsGosPlainNotFoundAndTheAdminApisOwn() {
        // Qiniu's router falls through to Go's empty ServeMux (argus cmd/feature_group_private/main.go).
        for (String path : List.of("/v2/nothing", "/v1/face/groups/g/nothing")) {
            DialectResponse response = dialect.renderUnknownPath(new DialectRequest("GET", path, Map.of(), Map.of(), Map.of(), new byte[0]));
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).isEqualTo("text/plain; charset=utf-8");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("404 page not found\n");
        }
        DialectResponse admin = dialect.renderUnknownPath(new DialectRequest("GET", "/v1/face/group/g/feature/x", Map.of(), Map.of(), Map.of(), new byte[0]));
        assertThat(new String(admin.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":404,\"message\":\"no such API: GET /v1/face/group/g/feature/x\"}");
    }

    private DialectResponse call(String operation, String group, String body) {
        return op(operation).handler().handle(new DialectRequest("POST", "/", Map.of("group", group), Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theRoutesAnswerInTheWordsOfQiniusServer() {
        DialectResponse badName = call("face.group.create", "Bad_Name", "{\"config\":{\"capacity\":1}}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(new String(badName.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"invalid group name\"}");
        // A name no group can have names no group.
        DialectResponse info = call("image.group.info", "Bad_Name", "");
        assertThat(info.status()).isEqualTo(400);
        assertThat(new String(info.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"group not exist\"}");
        // The face searches answer every failure after the body is read with one 500.
        DialectResponse search = call("face.search", "Bad_Name", "{\"images\":[]}");
        assertThat(search.status()).isEqualTo(500);
        assertThat(new String(search.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"failed to search face\"}");
        // A body that does not decode is the SPI's bad argument, which the gateway renders as a 400.
        FaceException undecoded = org.assertj.core.api.Assertions.catchThrowableOfType(FaceException.InvalidArgument.class,
                () -> call("face.search", "Bad_Name", "{\"images\":\"x\"}"));
        assertThat(dialect.renderError(undecoded, op("face.search")).status()).isEqualTo(400);
        DialectResponse compare = call("face.compare", "Bad_Name", "{}");
        assertThat(new String(compare.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"invalid target face group name\"}");
    }

    @Test
    void aRefusedFaceIsNamedByItsWorstClassThenItsOrientation() {
        assertThat(QiniuQuality.rejection(List.of(QualityCheck.BLUR))).isEqualTo(QiniuError.BLUR_FACE);
        assertThat(QiniuQuality.rejection(List.of(QualityCheck.BLUR, QualityCheck.TOO_SMALL))).isEqualTo(QiniuError.SMALL_FACE);
        assertThat(QiniuQuality.rejection(List.of(QualityCheck.YAW, QualityCheck.NOT_UPRIGHT))).isEqualTo(QiniuError.POSE_FACE);
        assertThat(QiniuQuality.rejection(List.of(QualityCheck.NOT_UPRIGHT))).isEqualTo(QiniuError.ORIENTATION_NOT_UP);
        assertThat(QiniuError.BLUR_FACE.text()).isEqualTo("detected blur face");
        assertThat(QiniuError.NO_FACE.text()).isEqualTo("face number 0: No face found in image");
    }
}
