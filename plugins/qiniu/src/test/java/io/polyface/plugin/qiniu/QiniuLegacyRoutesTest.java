package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.dialect.DialectFixtures;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the older API generation's requests go among the dialect's routes (first match in order,
 * as the gateway matches them), how its unknown paths and its errors are answered, and that the
 * admin API and the current generation keep theirs.
 */
class QiniuLegacyRoutesTest {
    private final QiniuDialect dialect = new QiniuDialect(DialectFixtures.offline("qiniu"));

    /** The operation the gateway runs: the first whose method and template match. */
    private Optional<String> route(String method, String path) {
        List<String> parts = segments(path);
        for (Operation operation : dialect.operations()) {
            List<String> template = segments(operation.pathTemplate());
            if (operation.methods().contains(method) && template.size() == parts.size()) {
                boolean match = true;
                for (int i = 0; i < parts.size() && match; i++) {
                    match = template.get(i).startsWith("{") || template.get(i).equals(parts.get(i));
                }
                if (match) {
                    return Optional.of(operation.name());
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void theOlderPathsReachTheirOperationsAndTheOthersKeepTheirs() {
        assertThat(route("GET", "/v1/face/group")).contains("legacy.face.group.list");
        assertThat(route("GET", "/v1/face/group/people")).contains("legacy.face.group.faces");
        assertThat(route("POST", "/v1/face/group/people/new")).contains("legacy.face.group.new");
        assertThat(route("POST", "/v1/face/group/people/search")).contains("legacy.face.search");
        assertThat(route("POST", "/v1/face/groups/search")).contains("legacy.face.groups_search");
        assertThat(route("POST", "/v1/image/groups/search")).contains("legacy.image.groups_search");
        assertThat(route("GET", "/v1/image/group/pics")).contains("legacy.image.group.images");
        assertThat(route("POST", "/v1/image/group/pics/remove")).contains("legacy.image.group.remove");

        assertThat(route("GET", "/v1/face/group/feature")).as("the admin's fixed path first").contains("feature.versions");
        assertThat(route("GET", "/v1/face/group/people/feature")).contains("feature.version");
        assertThat(route("POST", "/v1/face/group/people/feature/rerun")).contains("feature.rerun");
        assertThat(route("POST", "/v1/face/groups/people")).contains("face.group.create");
        assertThat(route("GET", "/v1/face/groups/search")).as("only POST is taken").contains("face.group.info");
        assertThat(route("POST", "/v1/face/groups/multi/search")).contains("face.multi_search");
        assertThat(route("POST", "/v1/face/groups/people/search")).contains("face.search");
    }

    private static String text(DialectResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private DialectResponse unknown(String method, String path) {
        return dialect.renderUnknownPath(new DialectRequest(method, path, Map.of(), Map.of(), Map.of(), new byte[0]));
    }

    @Test
    void unknownOlderPathsAreGosPlainText404AndTheAdminsKeepItsEnvelope() {
        for (String path : List.of("/v1/face/group/people/rename", "/v1/face/group", "/v1/image/group/pics/images", "/v1/image/group")) {
            DialectResponse response = unknown("POST", path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.contentType()).isEqualTo("text/plain; charset=utf-8");
            assertThat(text(response)).isEqualTo("404 page not found\n");
        }
        assertThat(text(unknown("GET", "/v1/face/group/people/feature/nothing"))).startsWith("{\"code\":404,");
        assertThat(text(unknown("GET", "/v1/face/group/feature/nothing"))).startsWith("{\"code\":404,");
        // The current generation's server falls through to Go's ServeMux as well.
        assertThat(text(unknown("GET", "/v1/face/groups/people/nothing/more"))).isEqualTo("404 page not found\n");
        assertThat(text(unknown("GET", "/v2/face/group"))).isEqualTo("404 page not found\n");
    }

    @Test
    void failuresAreAnsweredInTheOlderWords() {
        assertThat(QiniuLegacyErrors.of(new FaceException.NotFound(Resource.COLLECTION, "g1"))).isEqualTo(new QiniuLegacyErrors.Failure(400, "group g1 not exists"));
        assertThat(QiniuLegacyErrors.of(new FaceException.AlreadyExists(Resource.COLLECTION, "g1")))
                .isEqualTo(new QiniuLegacyErrors.Failure(400, "group already exists"));
        assertThat(QiniuLegacyErrors.of(new FaceException.AlreadyExists(Resource.FACE, "f"))).isEqualTo(new QiniuLegacyErrors.Failure(400, "id already exists"));
        assertThat(QiniuLegacyErrors.of(new FaceException.AlreadyExists(Resource.IMAGE, "i"))).isEqualTo(new QiniuLegacyErrors.Failure(400, "id already exists"));
        assertThat(QiniuLegacyErrors.of(new FaceException.NoFace())).isEqualTo(new QiniuLegacyErrors.Failure(400, "not face detected"));
        assertThat(QiniuLegacyErrors.of(new FaceException.ImageTooLarge(10)).code()).isEqualTo(413);
        assertThat(QiniuLegacyErrors.of(new FaceException.Internal("secret detail", null)))
                .isEqualTo(new QiniuLegacyErrors.Failure(500, "internal error"));

        QiniuDialect.TenantHandler failing = (request, tenant) -> {
            throw new FaceException.NotFound(Resource.COLLECTION, tenant);
        };
        DialectResponse answered = QiniuLegacyErrors.guard(failing).handle(new DialectRequest("GET", "/v1/face/group/x", Map.of(),
                Map.of(), Map.of(), new byte[0]), "g2");
        assertThat(answered.status()).isEqualTo(400);
        assertThat(text(answered)).isEqualTo("{\"error\":\"group g2 not exists\"}");
        assertThat(QiniuLegacyErrors.isLegacyPath("/v1/face/groups/x")).isFalse();
        assertThat(QiniuLegacyErrors.isLegacyPath("//v1/face/group/x")).isTrue();
    }

    @Test
    void authFailuresKeepTheDialectsEnvelope() {
        Operation op = DialectFixtures.operation(dialect, "legacy.face.add");
        DialectResponse response = dialect.renderError(new FaceException.Unauthorized("signature does not match the request"), op);
        assertThat(response.status()).isEqualTo(401);
        assertThat(text(response)).isEqualTo("{\"error\":\"signature does not match the request\"}");
    }
}
