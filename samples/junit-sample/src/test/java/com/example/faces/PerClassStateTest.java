package com.example.faces;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.junit.PolyfaceExtension;
import io.polyface.junit.Reset;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reset once per class, set up in code: the tests of the class build on each other, and a test may
 * still empty the emulator itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassStateTest {
    @RegisterExtension
    static final PolyfaceExtension POLYFACE = PolyfaceExtension.builder()
            .dialects("qiniu")
            .reset(Reset.PER_CLASS)
            .build();

    private static QiniuClient qiniu() {
        return new QiniuClient(POLYFACE.baseUrl("qiniu"), POLYFACE.server().qiniuKey());
    }

    @Test
    @Order(1)
    void theFirstTestEnrols() {
        assertThat(qiniu().post("/v1/face/groups/members", "{\"config\":{\"capacity\":100}}").status()).isEqualTo(200);
        assertThat(qiniu().post("/v1/face/groups/members/add", "{\"image\":{\"id\":\"m1\",\"tag\":\"scarlett\",\"uri\":\""
                + Photos.dataUri(Photos.SCARLETT) + "\"}}").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void theSecondFindsWhatTheFirstEnrolled() {
        QiniuClient.Answer found = qiniu().post("/v1/face/groups/members/search",
                "{\"images\":[\"" + Photos.dataUri(Photos.SCARLETT) + "\"]}");

        assertThat(found.status()).as(found.body().toString()).isEqualTo(200);
        assertThat(found.body().at("/search_results/0/faces/0/faces/0/id").asText()).isEqualTo("m1");
    }

    @Test
    @Order(3)
    void aTestCanStillResetOnDemand() {
        POLYFACE.server().reset();

        assertThat(qiniu().get("/v1/face/groups/members").status()).as("Qiniu: group not exist").isEqualTo(400);
    }
}
