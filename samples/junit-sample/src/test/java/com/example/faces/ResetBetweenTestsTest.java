package com.example.faces;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.junit.PolyfaceServer;
import io.polyface.junit.PolyfaceTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The default: every test starts from an empty emulator, whatever the one before it left. */
@PolyfaceTest(dialects = "qiniu")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetBetweenTestsTest {

    @Test
    @Order(1)
    void oneTestLeavesAGroupWithAFace(PolyfaceServer polyface) {
        QiniuClient qiniu = new QiniuClient(polyface.baseUrl("qiniu"), polyface.qiniuKey());
        assertThat(qiniu.post("/v1/face/groups/visitors", "{\"config\":{\"capacity\":100}}").status()).isEqualTo(200);
        assertThat(qiniu.post("/v1/face/groups/visitors/add", "{\"image\":{\"id\":\"v1\",\"tag\":\"angelina\",\"uri\":\""
                + Photos.dataUri(Photos.ANGELINA) + "\"}}").status()).isEqualTo(200);
        assertThat(qiniu.get("/v1/face/groups").body().toString()).contains("visitors");
    }

    @Test
    @Order(2)
    void theNextTestDoesNotSeeIt(PolyfaceServer polyface) {
        QiniuClient qiniu = new QiniuClient(polyface.baseUrl("qiniu"), polyface.qiniuKey());

        assertThat(qiniu.get("/v1/face/groups").body().toString()).doesNotContain("visitors");
        assertThat(qiniu.get("/v1/face/groups/visitors").status()).as("Qiniu: group not exist").isEqualTo(400);
        // The name is free again.
        assertThat(qiniu.post("/v1/face/groups/visitors", "{\"config\":{\"capacity\":100}}").status()).isEqualTo(200);
    }
}
