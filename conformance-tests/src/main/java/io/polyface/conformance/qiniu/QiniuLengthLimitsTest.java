package io.polyface.conformance.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Proves;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A group name over the document's 32 characters is refused as an invalid name, and no group is made. */
class QiniuLengthLimitsTest extends BaseQiniuTest {
    @Test
    @Proves(dialect = "qiniu", operation = "face.group.create", code = "400", basis = Basis.OBSERVED,
            section = "argus/feature_group_private/service/base_service.go (invalid group name)")
    void aTooLongGroupNameIsRefusedAndNothingIsCreated() {
        String tooLong = "g" + "a".repeat(32);

        QiniuResponse created = env.client().post("/v1/face/groups/" + tooLong, Map.of("config", Map.of("capacity", 10)));

        assertThat(created.status()).as(created.exchange().describe()).isEqualTo(400);
        assertThat(created.error()).isEqualTo("invalid group name");
        assertThat(env.client().get("/v1/face/groups").strings("/groups")).doesNotContain(tooLong);
    }
}
