package io.polyface.gateway;

import io.polyface.engine.testing.EngineBehavior;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The Qiniu connector, made as {@code type: remote, connector: qiniu} makes it, on the engine
 * contract against a second gateway in this JVM serving its Qiniu dialect over the in-memory
 * engine. Qiniu's face-group API serves one account, and keeps faces, tags, descriptions and
 * searches by image only. The tests overridden at the end are where the connector departs from
 * the SPI.
 */
class QiniuConnectorContractTest extends ConnectorContract {
    private static final String AK = "qiniu-contract-ak";
    private static final String SK = "qiniu-contract-secret";

    @Override
    protected String backendConfiguration() {
        return "dialects:\n  qiniu:\n    keys:\n      - {access-key: " + AK + ", secret-key: " + SK + "}\n";
    }

    @Override
    protected Map<String, String> connectorSettings(URI backend, Path callerData) {
        return Map.of("connector", "qiniu", "base-url", backend + "/qiniu", "access-key", AK, "secret-key", SK, "timeout", "30s");
    }

    @Override
    protected Set<EngineBehavior> behaviors() {
        return EnumSet.of(EngineBehavior.FACE_IDS, EngineBehavior.CLEAR_COLLECTION,
                EngineBehavior.REPLACE_FACES);
    }

    // ---- where the connector departs from the SPI ---------------------------------------------

    @Test
    @Disabled("a taken face id comes back as UndecodableImage: Qiniu's 'failed to add face' does not say why")
    @Override
    protected void aTakenFaceIdIsRejected() {
    }

    @Test
    @Disabled("a search by image does not report the probe face: the connector reads no box from Qiniu's answer")
    @Override
    protected void aPhotoFindsTheFaceEnrolledFromItFirst() {
    }

    @Test
    @Disabled("distinctTags is not honoured: every face of a tag may come back")
    @Override
    protected void distinctTagsGiveEachPersonOnce() {
    }

    @Test
    @Disabled("replacing the faces of a tag that has none enrols them instead of failing with NotFound")
    @Override
    protected void replacingATagsFacesSwapsThemAtOnce() {
    }
}
