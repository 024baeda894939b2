package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qiniu.http.Headers;
import com.qiniu.util.Auth;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.dialect.DialectFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Through the dialect's operations: a body outside the signature is refused before any handler
 * reads it (401 in Qiniu's envelope); with no keys configured the same request is read.
 */
class QiniuSignedBodyTest {
    private static final String AK = "test-access-key";
    private static final String SK = "test-secret-key-0123456789";
    private static final String URL = "http://127.0.0.1:8080/qiniu/v1/face/groups/test_group";

    /** Tenants the handlers asked an engine for; the engine itself is never needed. */
    private final List<String> engineAskedFor = new ArrayList<>();

    private QiniuDialect dialect(Map<String, String> settings) {
        return new QiniuDialect(new DialectContext(
                (d, tenant, c) -> {
                    engineAskedFor.add(tenant);
                    throw new FaceException.BackendUnavailable("the test stops at the engine", null);
                },
                settings, "qiniu", Clock.systemUTC(), (url, timeout) -> {
                    throw new AssertionError("nothing is downloaded");
                }));
    }

    private static Operation op(QiniuDialect dialect, String name) {
        return DialectFixtures.operation(dialect, name);
    }

    /** A create signed by the SDK without Content-Type (so without its body), sent with {@code body}. */
    private static DialectRequest unsignedBodyCreate(String body) {
        Headers signed = Auth.create(AK, SK).qiniuAuthorization(URL, "POST", new byte[0], new Headers.Builder().build());
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : signed.names()) {
            headers.put(name, List.of(signed.get(name)));
        }
        headers.put("Host", List.of("127.0.0.1:8080"));
        return new DialectRequest("POST", "/v1/face/groups/test_group", Map.of("group", "test_group"), Map.of(), headers,
                body.getBytes(StandardCharsets.UTF_8), "/qiniu/v1/face/groups/test_group");
    }

    @Test
    void aSignedRequestWithAnUnsignedBodyNeverReachesItsHandler() {
        QiniuDialect keyed = dialect(Map.of("keys.0.access-key", AK, "keys.0.secret-key", SK));
        Operation create = op(keyed, "face.group.create");

        for (String body : List.of("{\"config\":{\"capacity\":7}}", "{\"config\":{\"capacity\":\"not a number\"}}")) {
            assertThatThrownBy(() -> create.handler().handle(unsignedBodyCreate(body)))
                    .as("refused before the body is parsed").isInstanceOf(FaceException.Unauthorized.class)
                    .satisfies(e -> {
                        DialectResponse answer = keyed.renderError((FaceException) e, create);
                        assertThat(answer.status()).isEqualTo(401);
                        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                                .startsWith("{\"error\":\"the body is not covered by the signature");
                    });
        }
        assertThat(engineAskedFor).isEmpty();
    }

    @Test
    void withoutKeysTheSameBodyIsRead() {
        QiniuDialect open = dialect(Map.of());
        Operation create = op(open, "face.group.create");

        assertThatThrownBy(() -> create.handler().handle(unsignedBodyCreate("{\"config\":{\"capacity\":\"not a number\"}}")))
                .isInstanceOf(FaceException.InvalidArgument.class).hasMessageContaining("config.capacity");
        assertThatThrownBy(() -> create.handler().handle(unsignedBodyCreate("{\"config\":{\"capacity\":7}}")))
                .isInstanceOf(FaceException.BackendUnavailable.class);
        assertThat(engineAskedFor).containsExactly("qiniu");
    }
}
