package com.example.faces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.junit.PolyfaceServer;
import io.polyface.junit.PolyfaceTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A face group searched through Qiniu's API, every request signed with Qiniu's SDK. */
@PolyfaceTest(dialects = {"qiniu", "facepass"})
class QiniuFaceSearchTest {

    @BeforeAll
    static void report(PolyfaceServer polyface) {
        // The figure the README quotes: a ready gateway, models already in the cache.
        System.out.printf("Polyface ready for %s in %d ms%n", QiniuFaceSearchTest.class.getSimpleName(),
                polyface.startupTime().toMillis());
    }

    @Test
    void aFaceAddedToAGroupIsFoundByAnotherPhoto(PolyfaceServer polyface) {
        QiniuClient qiniu = new QiniuClient(polyface.baseUrl("qiniu"), polyface.qiniuKey());
        assertThat(qiniu.post("/v1/face/groups/staff", "{\"config\":{\"capacity\":100}}").status()).isEqualTo(200);
        add(qiniu, "angelina-1", "angelina", Photos.ANGELINA);
        add(qiniu, "angelina-2", "angelina", Photos.ANGELINA_AGAIN);
        add(qiniu, "scarlett-1", "scarlett", Photos.SCARLETT);

        QiniuClient.Answer found = qiniu.post("/v1/face/groups/staff/search",
                "{\"images\":[\"" + Photos.dataUri(Photos.ANGELINA_PROBE) + "\"]}");

        assertThat(found.status()).as(found.body().toString()).isEqualTo(200);
        JsonNode best = found.body().at("/search_results/0/faces/0/faces/0");
        assertThat(best.path("tag").asText()).isEqualTo("angelina");
        assertThat(best.path("id").asText()).startsWith("angelina-");
        assertThat(best.path("score").asDouble()).isGreaterThan(0.7);
    }

    @Test
    void anUnsignedRequestIsRefusedAsQiniuRefusesIt(PolyfaceServer polyface) {
        QiniuClient stranger = new QiniuClient(polyface.baseUrl("qiniu"),
                new PolyfaceServer.QiniuKey(polyface.qiniuKey().accessKey(), "not-the-secret"));

        assertThat(stranger.get("/v1/face/groups").status()).isEqualTo(401);
    }

    private static void add(QiniuClient qiniu, String id, String tag, String photo) {
        QiniuClient.Answer added = qiniu.post("/v1/face/groups/staff/add",
                "{\"image\":{\"id\":\"" + id + "\",\"tag\":\"" + tag + "\",\"uri\":\"" + Photos.dataUri(photo) + "\"}}");
        assertThat(added.status()).as(added.body().toString()).isEqualTo(200);
    }
}
