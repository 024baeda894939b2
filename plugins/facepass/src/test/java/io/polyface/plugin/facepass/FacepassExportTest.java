package io.polyface.plugin.facepass;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.polyface.plugin.facepass.FacepassServerAnswers.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.connector.VendorServer;
import io.polyface.toolkit.connector.WireMockBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code layout: dialect} against WireMock playing a FacePass server: groups, bindings and faces
 * read with the documented calls and shown as the FacePass dialect keeps them ({@link
 * FacepassGroups}, {@link FacepassFaces}), group_ids taken from the devices' last syncs.
 */
class FacepassExportTest {
    private static final String ANN = "QDe1ddlvlJlv865FO4dqtg==";
    private static final String BOB = "Rb8n1nMbbvM8QPLd0TbTfQ==";
    private static final String ANN_IMAGE = "fxCCOPXkjxOmQdqGpODd8A==";
    private static final String BOB_IMAGE = "MKfyUsg9E8MFf3aCYivkKA==";

    @RegisterExtension
    final VendorServer server = new VendorServer("fp", new FacepassConnectorProvider());
    private FaceEngine export;

    @BeforeEach
    void connectEngine() {
        export = server.connect(Map.of("layout", "dialect"));
    }

    private void posted(String path, String body, String data) {
        server.stubFor(post(urlEqualTo(path)).withRequestBody(equalToJson(body))
                .willReturn(WireMockBackend.json(200, ok(data))));
    }

    /**
     * Three groups: "staff" holds both faces, "guests" Bob's, "empty" none. One device synced
     * "staff" as group 7 at version 3, and later as group 9 at version 5; another synced "guests"
     * but failed.
     */
    private void aServer() {
        server.stubFor(get(urlEqualTo("/api/group/v1/list")).willReturn(aResponse().withStatus(200)
                .withBody(ok("{\"groups\":[\"staff\",\"guests\",\"empty\"]}"))));
        posted("/api/group/v1/query", "{\"group_name\":\"staff\"}", "{\"group_name\":\"staff\",\"faces\":[\"" + BOB + "\",\"" + ANN + "\"]}");
        posted("/api/group/v1/query", "{\"group_name\":\"guests\"}", "{\"group_name\":\"guests\",\"faces\":[\"" + BOB + "\"]}");
        posted("/api/group/v1/query", "{\"group_name\":\"empty\"}", "{\"group_name\":\"empty\",\"faces\":[]}");
        posted("/api/face/v1/query", "{\"face_token\":\"" + ANN + "\"}",
                "{\"image_id\":\"" + ANN_IMAGE + "\",\"rect\":{\"left\":149,\"top\":305,\"right\":448,\"bottom\":604}}");
        posted("/api/face/v1/query", "{\"face_token\":\"" + BOB + "\"}",
                "{\"image_id\":\"" + BOB_IMAGE + "\",\"rect\":{\"left\":10,\"top\":20,\"right\":60,\"bottom\":80}}");
        server.stubFor(get(urlEqualTo("/api/service/sync/v1/status")).willReturn(aResponse().withStatus(200).withBody(ok("""
                {"devices":[
                  {"ip":"10.0.0.2","version":"v1","sync_status":{"sync_time":2000,"info":{"search_model":"1017"}},
                   "groups":[{"group_name":"staff","group_id":9,"local_version":0,"cloud_version":5,"result_code":0,"result_version":5,
                              "result":{"facetoken_added":2,"facetoken_deleted":0}}]},
                  {"ip":"10.0.0.1","version":"v1","sync_status":{"sync_time":1000,"info":{"search_model":"1017"}},
                   "groups":[{"group_name":"staff","group_id":7,"local_version":0,"cloud_version":3,"result_code":0,"result_version":3,
                              "result":{"facetoken_added":2,"facetoken_deleted":0}},
                             {"group_name":"guests","group_id":12,"local_version":0,"cloud_version":0,"result_code":1,"result_version":0,
                              "result":{"facetoken_added":0,"facetoken_deleted":0}}]}]}"""))));
        server.stubFor(post(urlEqualTo("/api/service/config/v1")).willReturn(aResponse().withStatus(200)
                .withBody(ok("{\"compare_threshold\":70,\"liveness_threshold\":50,\"recognize_threshold\":80}"))));
        server.stubFor(get(urlPathEqualTo("/api/image/v1/query")).withQueryParam("image_id", equalTo(ANN_IMAGE))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(new byte[] {1, 2, 3})));
    }

    @Test
    void thePoolAndTheGroupsAreTheDialectsCollectionsUnderTheServersTokens() {
        aServer();

        List<CollectionInfo> collections = export.collections("facepass");

        assertThat(collections).extracting(c -> c.ref().name())
                .containsExactly("facepass.faces", "facepass.group.staff", "facepass.group.guests", "facepass.group.empty");
        assertThat(collections).extracting(CollectionInfo::faceCount).containsExactly(2L, 2L, 1L, 0L);
        assertThat(collections.get(0).spec().attributes()).isEqualTo(Map.of("facepass.kind", "pool"));
        // The id a device saw last; for groups no device synced, ids above any a device holds (12, of a failed sync).
        assertThat(collections.get(1).spec().attributes())
                .isEqualTo(Map.of("facepass.kind", "group", "group_name", "staff", "group_id", "9"));
        assertThat(collections.get(2).spec().attributes()).containsEntry("group_id", "13");
        assertThat(collections.get(3).spec().attributes()).containsEntry("group_id", "14");

        List<StoredFace> pool = export.listFaces(collections.get(0).ref(), Optional.empty(), Optional.empty(), 10).items();
        assertThat(pool).extracting(StoredFace::faceId).containsExactly(ANN, BOB);
        StoredFace ann = pool.getFirst();
        assertThat(ann.tag()).isEqualTo(ANN);
        assertThat(ann.userData()).contains(ANN_IMAGE);
        assertThat(ann.imageId()).isEqualTo(ANN_IMAGE);
        assertThat(ann.box()).isEqualTo(new BoundingBox(149, 305, 299, 299));
        assertThat(export.listFaces(collections.get(2).ref(), Optional.empty(), Optional.empty(), 10).items())
                .extracting(StoredFace::faceId).containsExactly(BOB);
        assertThat(export.image("facepass", ANN_IMAGE)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThatThrownBy(() -> export.listFaces(new CollectionRef("facepass", "staff"), Optional.empty(), Optional.empty(), 10))
                .isInstanceOf(FaceException.NotFound.class);
    }

    @Test
    void theRegistryTheCounterTheLogsTheDevicesAndTheThresholdsAreTheDialectsRecords() {
        aServer();

        assertThat(export.records("facepass", FacepassGroups.GROUP_KIND)).containsOnlyKeys("staff", "guests", "empty")
                .containsEntry("staff", new FacepassGroups.Group("staff", 9, 6, true).toJson())
                .containsEntry("guests", new FacepassGroups.Group("guests", 13, 1, true).toJson());
        assertThat(export.records("facepass", FacepassGroups.COUNTER_KIND)).containsExactly(Map.entry("group_id", "{\"next\":15}"));
        assertThat(export.records("facepass", FacepassFaces.IMAGE_KIND)).containsOnlyKeys(ANN_IMAGE, BOB_IMAGE)
                .containsEntry(ANN_IMAGE, "{\"face_token\":\"" + ANN + "\",\"rect\":{\"left\":149,\"top\":305,\"right\":448,\"bottom\":604}}");
        assertThat(export.records("facepass", FacepassSync.DEVICE_KIND)).containsOnlyKeys("10.0.0.1", "10.0.0.2");
        assertThat(FacepassThresholds.fromJson(export.records("facepass", FacepassThresholds.RECORD_KIND).get(FacepassThresholds.RECORD_KEY)))
                .isEqualTo(new FacepassThresholds(80, 70, 50));
        assertThat(export.records("facepass", FacepassGroups.CHANGES_KIND + 9)).isEmpty();
    }
}
