package io.polyface.conformance.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Proves;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A group name far over the document's 16 characters is the general parameter error, and no group is made. */
class FacepassLengthLimitsTest extends BaseFacepassTest {
    @Test
    @Proves(dialect = "facepass", operation = "group.create", code = "104001", section = "创建Group (4-16 of [a-zA-Z0-9_])")
    void aTooLongGroupNameIsIllegalArgumentAndNothingIsCreated() {
        String tooLong = "g".repeat(100_000);

        FacepassResponse created = env.client().postJson("/api/group/v1/create", Map.of("group_name", tooLong));

        assertThat(created.httpStatus()).isEqualTo(400);
        assertThat(created.code()).isEqualTo(104001);
        assertThat(created.message()).isEqualTo("ILLEGAL_ARGUMENT: group_name");
        assertThat(created.message().length()).as("message length (at most 1024)").isLessThanOrEqualTo(1024);
        assertThat(env.client().get("/api/group/v1/list", Map.of()).strings("/data/groups")).doesNotContain(tooLong);
    }
}
