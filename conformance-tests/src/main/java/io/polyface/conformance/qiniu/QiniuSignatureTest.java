package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Proves;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A body the signature does not cover (sent without Content-Type, or as {@code
 * application/octet-stream}, which Qiniu's signing leaves out) is refused with 401 and changes
 * nothing, however valid the signature over the rest of the request.
 */
class QiniuSignatureTest extends BaseQiniuTest {
    private static final String RULE = "unsigned body (Polyface: a body outside the signature is never read;"
            + " the document sends every body as application/json)";
    private static final List<Optional<String>> UNSIGNED_BODY_TYPES = List.of(Optional.empty(), Optional.of("application/octet-stream"));

    @Test
    @Proves(dialect = "qiniu", operation = "face.group.create", code = "401", basis = Basis.EMULATOR_ONLY, section = RULE)
    @Proves(dialect = "qiniu", operation = "face.add", code = "401", basis = Basis.EMULATOR_ONLY, section = RULE)
    void aSignedRequestWhoseBodyIsOutsideTheSignatureIs401AndChangesNothing() {
        assumeFalse(env.external(), "Qiniu's own servers may read such a body; this is Polyface's rule");
        String created = env.track("face", env.name("unsigned"));
        String group = env.newFaceGroup();
        byte[] config = "{\"config\":{\"capacity\":5}}".getBytes(StandardCharsets.UTF_8);
        byte[] add = ("{\"image\":{\"id\":\"swapped\",\"uri\":\"" + env.data(ANGELINA_1) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);

        for (Optional<String> type : UNSIGNED_BODY_TYPES) {
            QiniuResponse create = env.client().send("POST", "/v1/face/groups/" + created, config, type);
            assertThat(create.status()).as("create, Content-Type " + type).isEqualTo(401);
            assertThat(create.error()).contains("not covered by the signature");
            QiniuResponse enrol = env.client().send("POST", "/v1/face/groups/" + group + "/add", add, type);
            assertThat(enrol.status()).as("add, Content-Type " + type).isEqualTo(401);
        }
        QiniuResponse info = env.client().get("/v1/face/groups/" + created);
        assertThat(info.status()).as("no group was created").isEqualTo(400);
        assertThat(info.error()).isEqualTo("group not exist");
        assertThat(env.client().get("/v1/face/groups/" + group + "/images").json().path("images")).as("no face was added").isEmpty();
    }
}
