package io.polyface.conformance.dmai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Proves;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sections 1.1 and 1.2 (version, licence) and the envelope of paths the API does not have. */
class DmaiSystemTest extends BaseDmaiTest {
    @Test
    @Proves(dialect = "dmai", operation = "version", code = "0", section = "1.1")
    void versionAnswersGetAsTheDocumentWritesIt() {
        DmaiResponse response = env.client().send("GET", "/version", new byte[0]);

        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(200);
        assertThat(response.errCode()).as("err_code").isZero();
        assertThat(response.json().path("version").asText()).as("version").isNotBlank();
    }

    @Test
    @Proves(dialect = "dmai", operation = "version", code = "0", section = "1.1 (example (7) of every section POSTs)")
    void versionAnswersPostToo() {
        DmaiResponse response = env.client().post("/version", Map.of());

        assertThat(response.errCode()).as("err_code").isZero();
        assertThat(response.json().path("version").isTextual()).as("version is a string").isTrue();
    }

    @Test
    @Proves(dialect = "dmai", operation = "license", code = "0", section = "1.2")
    void licenseIsAuthorized() {
        DmaiResponse get = env.client().send("GET", "/license", new byte[0]);
        DmaiResponse post = env.client().post("/license", Map.of());

        assertThat(get.errCode()).as("err_code of GET").isZero();
        assertThat(get.status()).as("status of GET").isEqualTo("Authorized");
        assertThat(post.errCode()).as("err_code of POST").isZero();
        assertThat(post.status()).as("status of POST").isEqualTo("Authorized");
    }

    @Test
    @Proves(dialect = "dmai", operation = "unknown-path", code = "500", basis = Basis.EMULATOR_ONLY,
            section = "5 (Polyface: HTTP 404 in the err_code envelope)")
    void unknownPathIsHttp404InTheEnvelope() {
        assumeFalse(env.external(), "Polyface's own decision; the document does not say what an unknown path answers");

        DmaiResponse response = env.client().send("POST", "/no/such/endpoint", DmaiClient.json(Map.of()));

        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(404);
        assertThat(response.errCode()).as("err_code").isEqualTo(500);
        assertThat(response.json().path("status").isTextual()).as("status is a string").isTrue();
    }
}
