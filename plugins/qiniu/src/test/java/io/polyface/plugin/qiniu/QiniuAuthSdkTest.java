package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qiniu.http.Headers;
import com.qiniu.util.Auth;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests signed by Qiniu's official Java SDK ({@code com.qiniu.util.Auth}) are accepted exactly
 * as the SDK signs them; a tampered body, path, query or key is rejected.
 */
class QiniuAuthSdkTest {
    private static final String AK = "test-access-key";
    private static final String SK = "test-secret-key-0123456789";
    private static final String BASE = "http://127.0.0.1:8080";

    private final QiniuAuth auth = QiniuAuth.fromSettings(
            Map.of("keys.0.access-key", AK, "keys.0.secret-key", SK, "keys.1.access-key", "other", "keys.1.secret-key", "other-secret"),
            Clock.systemUTC(), "open");

    /** The request as the gateway hands it over: headers as sent, Host from the URL, raw target with the mount prefix. */
    private static DialectRequest request(String method, String url, Map<String, String> headers, byte[] body) {
        URI uri = URI.create(url);
        Map<String, List<String>> all = new HashMap<>();
        headers.forEach((k, v) -> all.put(k, List.of(v)));
        all.put("Host", List.of(uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")));
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String below = uri.getRawPath().substring("/qiniu".length());
        return new DialectRequest(method, below, Map.of(), Map.of(), all, body, target);
    }

    private static Map<String, String> sdkHeaders(Auth signer, String url, String method, byte[] body, String contentType) {
        Headers.Builder builder = new Headers.Builder();
        if (contentType != null) {
            builder.set("Content-Type", contentType);
        }
        Headers signed = signer.qiniuAuthorization(url, method, body, builder.build());
        Map<String, String> headers = new HashMap<>();
        for (String name : signed.names()) {
            headers.put(name, signed.get(name));
        }
        return headers;
    }

    @Test
    void acceptsAJsonPostSignedByTheSdk() {
        String url = BASE + "/qiniu/v1/face/groups/test_group/search";
        byte[] body = "{\"images\":[\"data:application/octet-stream;base64,AAAA\"],\"threshold\":0.45}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = sdkHeaders(Auth.create(AK, SK), url, "POST", body, "application/json");
        assertThat(headers).containsKey("X-Qiniu-Date").containsKey("Authorization");

        assertThat(auth.tenant(request("POST", url, headers, body))).isEqualTo(AK);
    }

    @Test
    void acceptsAGetWithAQueryAndAnEmptyPost() {
        String get = BASE + "/qiniu/v1/face/groups/test_group/images?tag=a%20b&limit=10&marker=";
        assertThat(auth.tenant(request("GET", get, sdkHeaders(Auth.create(AK, SK), get, "GET", null, null), new byte[0])))
                .isEqualTo(AK);
        String post = BASE + "/qiniu/v1/face/groups/test_group/remove";
        assertThat(auth.tenant(request("POST", post, sdkHeaders(Auth.create(AK, SK), post, "POST", null, null), new byte[0])))
                .isEqualTo(AK);
    }

    @Test
    void aBodyTheSignatureDoesNotCoverIsRefused() {
        String url = BASE + "/qiniu/v1/face/groups/test_group/add";
        byte[] swapped = "{\"image\":{\"uri\":\"http://example.com/attacker.jpg\"}}".getBytes(StandardCharsets.UTF_8);
        // The SDK leaves the body of an octet-stream, or of a request without Content-Type, out of the signature.
        Map<String, String> octets = sdkHeaders(Auth.create(AK, SK), url, "POST", new byte[] {1, 2, 3}, "application/octet-stream");
        Map<String, String> untyped = sdkHeaders(Auth.create(AK, SK), url, "POST", new byte[0], null);

        for (Map<String, String> headers : List.of(octets, untyped)) {
            assertThatThrownBy(() -> auth.tenant(request("POST", url, headers, swapped)))
                    .isInstanceOf(FaceException.Unauthorized.class).hasMessageContaining("body is not covered by the signature");
            // The same signature with no body at all is fine: nothing unsigned would be read.
            assertThat(auth.tenant(request("POST", url, headers, new byte[0]))).isEqualTo(AK);
        }
    }

    @Test
    void aQboxSignatureCoversNoJsonBody() {
        String url = BASE + "/qiniu/v1/face/groups/test_group";
        byte[] body = "{\"config\":{\"capacity\":100}}".getBytes(StandardCharsets.UTF_8);
        @SuppressWarnings("deprecation")
        String authorization = Auth.create(AK, SK).authorization(url, body, "application/json").get("Authorization").toString();

        assertThatThrownBy(() -> auth.tenant(request("POST", url, Map.of("Authorization", authorization, "Content-Type", "application/json"), body)))
                .isInstanceOf(FaceException.Unauthorized.class).hasMessageContaining("not covered by a QBox signature");
    }

    @Test
    void withoutKeysAnyBodyIsRead() {
        QiniuAuth open = QiniuAuth.fromSettings(Map.of(), Clock.systemUTC(), "qiniu");
        String url = BASE + "/qiniu/v1/face/groups/test_group/add";
        byte[] body = "{\"image\":{\"uri\":\"http://example.com/a.jpg\"}}".getBytes(StandardCharsets.UTF_8);

        assertThat(open.tenant(request("POST", url, Map.of(), body))).isEqualTo("qiniu");
        assertThat(open.tenant(request("POST", url, Map.of("Content-Type", "application/octet-stream"), body))).isEqualTo("qiniu");
    }

    @Test
    void qboxCanBeTurnedOff() {
        String url = BASE + "/qiniu/v1/face/groups/test_group/remove";
        @SuppressWarnings("deprecation")
        String qbox = Auth.create(AK, SK).authorization(url, null, null).get("Authorization").toString();
        QiniuAuth noQbox = QiniuAuth.fromSettings(Map.of("keys.0.access-key", AK, "keys.0.secret-key", SK, "accept-qbox", "false"),
                Clock.systemUTC(), "open");

        assertThatThrownBy(() -> noQbox.tenant(request("POST", url, Map.of("Authorization", qbox), new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class).hasMessageContaining("QBox authorization is not accepted");
        assertThat(noQbox.tenant(request("POST", url, sdkHeaders(Auth.create(AK, SK), url, "POST", null, null), new byte[0])))
                .isEqualTo(AK);
    }

    @Test
    void requireDateRefusesSignaturesWithoutOne() {
        String url = BASE + "/qiniu/v1/face/groups";
        Map<String, String> undated = Map.of("Authorization",
                "Qiniu " + Auth.create(AK, SK).signQiniuAuthorization(url, "GET", null, new Headers.Builder().build()));
        @SuppressWarnings("deprecation")
        String qbox = Auth.create(AK, SK).authorization(url, null, null).get("Authorization").toString();
        QiniuAuth dated = QiniuAuth.fromSettings(Map.of("keys.0.access-key", AK, "keys.0.secret-key", SK, "require-date", "true"),
                Clock.systemUTC(), "open");

        assertThat(auth.tenant(request("GET", url, undated, new byte[0]))).as("off by default").isEqualTo(AK);
        assertThatThrownBy(() -> dated.tenant(request("GET", url, undated, new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class).hasMessageContaining("X-Qiniu-Date is required");
        assertThatThrownBy(() -> dated.tenant(request("GET", url, Map.of("Authorization", qbox), new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class).hasMessageContaining("QBox signature cannot carry the X-Qiniu-Date");
        assertThat(dated.tenant(request("GET", url, sdkHeaders(Auth.create(AK, SK), url, "GET", null, null), new byte[0])))
                .as("the SDK signs a date by default").isEqualTo(AK);
    }

    @Test
    void aSecondXQiniuDateCannotRefreshAStaleSignature() {
        String url = BASE + "/qiniu/v1/face/groups";
        String stale = "20180504T114940Z";
        String sign = Auth.create(AK, SK).signQiniuAuthorization(url, "GET", null, new Headers.Builder().set("X-Qiniu-Date", stale).build());
        String fresh = QiniuSigner.X_QINIU_DATE.format(java.time.Instant.now());
        // The signature covers the last value; a fresh one put first must not pass the clock check.
        DialectRequest replay = new DialectRequest("GET", "/v1/face/groups", Map.of(), Map.of(),
                Map.of("Host", List.of("127.0.0.1:8080"), "Authorization", List.of("Qiniu " + sign), "X-Qiniu-Date", List.of(fresh, stale)),
                new byte[0], "/qiniu/v1/face/groups");

        assertThatThrownBy(() -> auth.tenant(replay)).isInstanceOf(FaceException.Unauthorized.class).hasMessageContaining("X-Qiniu-Date");
    }

    @Test
    void aSettingThatIsNotABooleanOrADurationStopsStartUp() {
        assertThatThrownBy(() -> QiniuAuth.fromSettings(Map.of("accept-qbox", "no"), Clock.systemUTC(), "open"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialects.qiniu.accept-qbox");
        assertThatThrownBy(() -> QiniuAuth.fromSettings(Map.of("require-date", "1"), Clock.systemUTC(), "open"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialects.qiniu.require-date");
        assertThatThrownBy(() -> QiniuAuth.fromSettings(Map.of("max-clock-skew", "15m"), Clock.systemUTC(), "open"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialects.qiniu.max-clock-skew");
        assertThat(QiniuAuth.fromSettings(Map.of("max-clock-skew", "PT15M", "accept-qbox", "FALSE"), Clock.systemUTC(), "open").open()).isTrue();
    }

    @Test
    void rejectsATamperedBody() {
        String url = BASE + "/qiniu/v1/face/groups/test_group/add";
        byte[] body = "{\"image\":{\"uri\":\"http://example.com/a.jpg\"}}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = sdkHeaders(Auth.create(AK, SK), url, "POST", body, "application/json");
        byte[] tampered = "{\"image\":{\"uri\":\"http://example.com/b.jpg\"}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> auth.tenant(request("POST", url, headers, tampered)))
                .isInstanceOf(FaceException.Unauthorized.class).hasMessage("signature does not match the request");
    }

    @Test
    void rejectsATamperedPathQueryOrMethod() {
        String url = BASE + "/qiniu/v1/face/groups/test_group/images?limit=10";
        Map<String, String> headers = sdkHeaders(Auth.create(AK, SK), url, "GET", null, null);

        assertThatThrownBy(() -> auth.tenant(request("GET", BASE + "/qiniu/v1/face/groups/other_group/images?limit=10", headers, new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class);
        assertThatThrownBy(() -> auth.tenant(request("GET", BASE + "/qiniu/v1/face/groups/test_group/images?limit=11", headers, new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class);
        assertThatThrownBy(() -> auth.tenant(request("POST", url, headers, new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class);
    }

    @Test
    void rejectsTheWrongSecretAnUnknownKeyAndNoSignature() {
        String url = BASE + "/qiniu/v1/face/groups";
        Map<String, String> wrongSecret = sdkHeaders(Auth.create(AK, "not-the-secret"), url, "GET", null, null);
        Map<String, String> otherKeysSecret = sdkHeaders(Auth.create(AK, "other-secret"), url, "GET", null, null);
        Map<String, String> unknown = sdkHeaders(Auth.create("nobody", SK), url, "GET", null, null);

        assertThatThrownBy(() -> auth.tenant(request("GET", url, wrongSecret, new byte[0]))).isInstanceOf(FaceException.Unauthorized.class);
        assertThatThrownBy(() -> auth.tenant(request("GET", url, otherKeysSecret, new byte[0]))).isInstanceOf(FaceException.Unauthorized.class);
        assertThatThrownBy(() -> auth.tenant(request("GET", url, unknown, new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class).hasMessage("unknown access key");
        assertThatThrownBy(() -> auth.tenant(request("GET", url, Map.of(), new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class).hasMessageContaining("no Authorization header");
    }

    @Test
    void theMessagesNeverCarryTheSecretOrTheSignature() {
        String url = BASE + "/qiniu/v1/face/groups";
        Map<String, String> wrong = sdkHeaders(Auth.create(AK, "not-the-secret"), url, "GET", null, null);
        String signature = wrong.get("Authorization").substring(wrong.get("Authorization").indexOf(':') + 1);
        assertThatThrownBy(() -> auth.tenant(request("GET", url, wrong, new byte[0])))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SK, signature, "not-the-secret"));
    }

    @Test
    void acceptsTheLegacyQboxForm() {
        String url = BASE + "/qiniu/v1/face/groups/test_group/remove";
        @SuppressWarnings("deprecation")
        String authorization = Auth.create(AK, SK).authorization(url, null, null).get("Authorization").toString();
        assertThat(authorization).startsWith("QBox ");

        assertThat(auth.tenant(request("POST", url, Map.of("Authorization", authorization), new byte[0]))).isEqualTo(AK);
        assertThatThrownBy(() -> auth.tenant(request("POST", BASE + "/qiniu/v1/face/groups/test_grou/remove",
                Map.of("Authorization", authorization), new byte[0]))).isInstanceOf(FaceException.Unauthorized.class);
    }

    @Test
    void aStaleXQiniuDateIsRejectedEvenWhenSigned() {
        String url = BASE + "/qiniu/v1/face/groups";
        Headers stale = new Headers.Builder().set("X-Qiniu-Date", "20180504T114940Z").build();
        String sign = Auth.create(AK, SK).signQiniuAuthorization(url, "GET", null, stale);
        Map<String, String> headers = Map.of("Authorization", "Qiniu " + sign, "X-Qiniu-Date", "20180504T114940Z");

        assertThatThrownBy(() -> auth.tenant(request("GET", url, headers, new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class).hasMessageContaining("X-Qiniu-Date");
    }

    @Test
    void qiniuStubIsRefusedUnlessTrusted() {
        String url = BASE + "/qiniu/v1/face/groups";
        Map<String, String> stub = Map.of("Authorization", "QiniuStub uid=1381&ut=4");
        assertThatThrownBy(() -> auth.tenant(request("GET", url, stub, new byte[0]))).isInstanceOf(FaceException.Unauthorized.class);

        QiniuAuth trusting = QiniuAuth.fromSettings(
                Map.of("keys.0.access-key", AK, "keys.0.secret-key", SK, "trust-qiniu-stub", "true"), Clock.systemUTC(), "open");
        assertThat(trusting.tenant(request("GET", url, stub, new byte[0]))).isEqualTo("uid-1381");
        assertThatThrownBy(() -> trusting.tenant(request("GET", url, Map.of("Authorization", "QiniuStub ut=4"), new byte[0])))
                .isInstanceOf(FaceException.Unauthorized.class);
    }

    @Test
    void withoutKeysTheApiIsOpen() {
        QiniuAuth open = QiniuAuth.fromSettings(Map.of(), Clock.systemUTC(), "qiniu");
        assertThat(open.open()).isTrue();
        assertThat(open.tenant(request("GET", BASE + "/qiniu/v1/face/groups", Map.of(), new byte[0]))).isEqualTo("qiniu");
    }

    @Test
    void anIncompleteKeyStopsStartUp() {
        assertThatThrownBy(() -> QiniuAuth.fromSettings(Map.of("keys.0.access-key", AK), Clock.systemUTC(), "open"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret-key").hasMessageNotContaining(SK);
        List<String> none = new ArrayList<>();
        assertThat(none).isEmpty();
    }
}
