package io.polyface.plugin.dmai;

import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import io.polyface.toolkit.connector.BaseConnectorFaultTest;
import java.util.Map;

/** The DM-AI connector against a failing DM-AI server (see {@link BaseConnectorFaultTest}). DM-AI has no rate limit. */
class DmaiConnectorFaultTest extends BaseConnectorFaultTest {
    DmaiConnectorFaultTest() {
        super(new Vendor("dmai", DmaiDialectProvider.ID, Map.of(), Call.post(urlEqualTo(DmaiDialect.BASE + "/collection/status")),
                new Answer(200, "{\"err_code\":0,\"status\":[]}"),
                new Answer(200, "{\"err_code\":1001,\"status\":\"Database error\"}")));
    }

    /** The insert carries the image: DM-AI has no separate upload. */
    @Override
    protected Call stubAnUploadThatIsReset() {
        return resetOn(Call.post(urlEqualTo(DmaiDialect.BASE + "/face/insert")));
    }
}
