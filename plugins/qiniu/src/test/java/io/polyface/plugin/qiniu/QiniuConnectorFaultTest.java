package io.polyface.plugin.qiniu;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.polyface.toolkit.connector.BaseConnectorFaultTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Qiniu connector against a failing Qiniu service (see {@link BaseConnectorFaultTest}), a 429 with Retry-After among its answers. */
class QiniuConnectorFaultTest extends BaseConnectorFaultTest {
    private static final String GROUPS = "/v1/face/groups";

    @Override
    protected String connector() {
        return "qiniu";
    }

    @Override
    protected String tenant() {
        return "default";
    }

    @Override
    protected Map<String, String> connectorSettings() {
        return Map.of("access-key", "fault-ak", "secret-key", "fault-secret-key");
    }

    @Override
    protected Call listing() {
        return Call.get(urlEqualTo(GROUPS));
    }

    @Override
    protected ResponseDefinitionBuilder noCollections() {
        return aResponse().withStatus(200).withBody("{\"groups\":[]}");
    }

    @Override
    protected ResponseDefinitionBuilder internalError() {
        return aResponse().withStatus(503).withBody("{\"error\":\"busy\"}");
    }

    @Override
    protected ResponseDefinitionBuilder unavailable() {
        return aResponse().withStatus(500).withBody("{\"error\":\"internal error\"}");
    }

    @Override
    protected Call stubAnUploadThatIsReset() {
        server.stubFor(post(urlEqualTo(GROUPS + "/stars/add")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        return Call.post(urlEqualTo(GROUPS + "/stars/add"));
    }

    @Test
    void aRateLimitAnswerPausesTheEngine() {
        assertARateLimitAnswerPausesTheEngine(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{\"error\":\"slow down\"}"));
    }
}
