package io.polyface.plugin.facepass;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import io.polyface.toolkit.connector.BaseConnectorFaultTest;
import java.util.List;
import java.util.Map;

/** The FacePass connector against a failing FacePass server (see {@link BaseConnectorFaultTest}). FacePass has no rate limit. */
class FacepassConnectorFaultTest extends BaseConnectorFaultTest {
    FacepassConnectorFaultTest() {
        super(new Vendor("facepass", "facepass", Map.of(), Call.get(urlEqualTo("/api/group/v1/list")),
                new Answer(200, "{\"code\":0,\"message\":\"\",\"timestamp\":1,\"timecost\":1,\"data\":{\"groups\":[]}}"),
                new Answer(500, "{\"code\":105000,\"message\":\"INTERNAL_ERROR\",\"timestamp\":1,\"timecost\":1,\"data\":{}}")));
    }

    /** The group is found; the upload of the face is reset. */
    @Override
    protected Call stubAnUploadThatIsReset() {
        server.stubFor(post(urlEqualTo("/api/group/v1/query")).willReturn(aResponse().withStatus(200)
                .withBody("{\"code\":0,\"message\":\"\",\"timestamp\":1,\"timecost\":1,\"data\":{\"group_name\":\"stars\",\"faces\":[]}}")));
        return resetOn(Call.post(urlEqualTo("/api/face/v1/add")));
    }

    @Override
    protected List<Call> callsAfterTheUpload() {
        return List.of(Call.post(urlEqualTo("/api/group/v1/bind")));
    }
}
