package io.polyface.plugin.qiniu;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.polyface.toolkit.connector.BaseConnectorFaultTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Qiniu connector against a failing Qiniu service (see {@link BaseConnectorFaultTest}), a 429 with Retry-After among its answers. */
class QiniuConnectorFaultTest extends BaseConnectorFaultTest {
    private static final String GROUPS = "/v1/face/groups";

    QiniuConnectorFaultTest() {
        super(new Vendor("qiniu", "default", Map.of("access-key", "fault-ak", "secret-key", "fault-secret-key"),
                Call.get(urlEqualTo(GROUPS)), new Answer(200, "{\"groups\":[]}"), new Answer(503, "{\"error\":\"busy\"}")));
    }

    @Override
    protected ResponseDefinitionBuilder unavailable() {
        return aResponse().withStatus(500).withBody("{\"error\":\"internal error\"}");
    }

    @Override
    protected Call stubAnUploadThatIsReset() {
        return resetOn(Call.post(urlEqualTo(GROUPS + "/stars/add")));
    }

    @Test
    void aRateLimitAnswerPausesTheEngine() {
        assertARateLimitAnswerPausesTheEngine(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{\"error\":\"slow down\"}"));
    }
}
