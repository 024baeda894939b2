package io.polyface.plugin.facepass;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.polyface.toolkit.connector.BaseConnectorFaultTest;
import java.util.List;

/** The FacePass connector against a failing FacePass server (see {@link BaseConnectorFaultTest}). FacePass has no rate limit. */
class FacepassConnectorFaultTest extends BaseConnectorFaultTest {
    private static final String LIST = "/api/group/v1/list";

    @Override
    protected String connector() {
        return "facepass";
    }

    @Override
    protected String tenant() {
        return "facepass";
    }

    @Override
    protected Call listing() {
        return Call.get(urlEqualTo(LIST));
    }

    @Override
    protected ResponseDefinitionBuilder noCollections() {
        return aResponse().withStatus(200).withBody("{\"code\":0,\"message\":\"\",\"timestamp\":1,\"timecost\":1,\"data\":{\"groups\":[]}}");
    }

    @Override
    protected ResponseDefinitionBuilder internalError() {
        return aResponse().withStatus(500)
                .withBody("{\"code\":105000,\"message\":\"INTERNAL_ERROR\",\"timestamp\":1,\"timecost\":1,\"data\":{}}");
    }

    @Override
    protected Call stubAnUploadThatIsReset() {
        server.stubFor(post(urlEqualTo("/api/group/v1/query")).willReturn(aResponse().withStatus(200)
                .withBody("{\"code\":0,\"message\":\"\",\"timestamp\":1,\"timecost\":1,\"data\":{\"group_name\":\"stars\",\"faces\":[]}}")));
        server.stubFor(post(urlEqualTo("/api/face/v1/add")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        return Call.post(urlEqualTo("/api/face/v1/add"));
    }

    @Override
    protected List<Call> callsAfterTheUpload() {
        return List.of(Call.post(urlEqualTo("/api/group/v1/bind")));
    }
}
