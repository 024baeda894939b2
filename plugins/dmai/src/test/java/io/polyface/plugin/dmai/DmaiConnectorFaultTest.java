package io.polyface.plugin.dmai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.polyface.toolkit.connector.BaseConnectorFaultTest;

/** The DM-AI connector against a failing DM-AI server (see {@link BaseConnectorFaultTest}). DM-AI has no rate limit. */
class DmaiConnectorFaultTest extends BaseConnectorFaultTest {
    private static final String STATUS = DmaiDialect.BASE + "/collection/status";
    private static final String INSERT = DmaiDialect.BASE + "/face/insert";

    @Override
    protected String connector() {
        return "dmai";
    }

    @Override
    protected String tenant() {
        return DmaiDialectProvider.ID;
    }

    @Override
    protected Call listing() {
        return Call.post(urlEqualTo(STATUS));
    }

    @Override
    protected ResponseDefinitionBuilder noCollections() {
        return aResponse().withStatus(200).withBody("{\"err_code\":0,\"status\":[]}");
    }

    @Override
    protected ResponseDefinitionBuilder internalError() {
        return aResponse().withStatus(200).withBody("{\"err_code\":1001,\"status\":\"Database error\"}");
    }

    /** The insert carries the image: DM-AI has no separate upload. */
    @Override
    protected Call stubAnUploadThatIsReset() {
        server.stubFor(post(urlEqualTo(INSERT)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        return Call.post(urlEqualTo(INSERT));
    }
}
