package io.polyface.conformance.dmai;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Proves;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A collection name longer than the naming rule allows (255 characters) is refused, and no collection is made. */
class DmaiLengthLimitsTest extends BaseDmaiTest {
    @Test
    @Proves(dialect = "dmai", operation = "collection.create", code = "1003", section = "5 (1003: 特征库名不符合命名规则)")
    void aTooLongCollectionNameIs1003AndNothingIsCreated() {
        String tooLong = "c".repeat(100_000);

        DmaiResponse created = env.client().post("/create/collection", Map.of("collection_name", tooLong));

        assertThat(created.httpStatus()).isEqualTo(200);
        assertThat(created.errCode()).as("err_code").isEqualTo(1003);
        assertThat(created.status()).isEqualTo("Invalid collection name");
        DmaiResponse status = env.client().post("/collection/status", Map.of("collection_name", List.of()));
        assertThat(status.json().path("status").findValuesAsText("collection_name")).doesNotContain(tooLong);
    }
}
