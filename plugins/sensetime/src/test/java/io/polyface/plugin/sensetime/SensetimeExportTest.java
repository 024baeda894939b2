package io.polyface.plugin.sensetime;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
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
 * {@code layout: dialect} against WireMock playing a SenseTime server: the account read with the
 * documented {@code /info/*} calls and shown as the SenseTime dialect keeps it ({@link
 * SensetimeStore}), every id the server's.
 */
class SensetimeExportTest {
    private static final String PERSON = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";
    private static final String FACESET = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
    private static final String GROUP = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c";
    private static final String FACE_1 = "01010101010101010101010101010101";
    private static final String FACE_2 = "02020202020202020202020202020202";

    @RegisterExtension
    final VendorServer server = new VendorServer("st", new SensetimeConnectorProvider());
    private FaceEngine export;

    @BeforeEach
    void connectEngine() {
        export = connect("dialect");
    }

    private FaceEngine connect(String layout) {
        return server.connect(Map.of("api-id", "my-id", "api-secret", "my-secret", "tenant", "acct", "layout", layout));
    }

    private void answers(String path, String parameter, String value, int status, String body) {
        var request = get(urlPathEqualTo(path)).withQueryParam("api_id", equalTo("my-id"));
        if (!parameter.isEmpty()) {
            request = request.withQueryParam(parameter, equalTo(value));
        }
        server.stubFor(request.willReturn(WireMockBackend.json(status, body)));
    }

    private void anAccount() {
        answers("/info/list_persons", "", "", 200, "{\"status\":\"OK\",\"persons\":[{\"person_id\":\"" + PERSON + "\",\"name\":\"Ann\"}]}");
        answers("/info/person", "person_id", PERSON, 200, "{\"status\":\"OK\",\"person_id\":\"" + PERSON
                + "\",\"name\":\"Ann\",\"user_data\":\"desk 4\",\"face_ids\":[\"" + FACE_2 + "\",\"" + FACE_1 + "\"]}");
        answers("/info/list_facesets", "", "", 200, "{\"status\":\"OK\",\"facesets\":[{\"faceset_id\":\"" + FACESET
                + "\",\"name\":\"gallery\"}]}");
        answers("/info/faceset", "faceset_id", FACESET, 200, "{\"status\":\"OK\",\"faceset_id\":\"" + FACESET
                + "\",\"name\":\"gallery\",\"user_data\":\"\",\"face_ids\":[\"" + FACE_1 + "\"]}");
        answers("/info/face", "face_id", FACE_1, 200, "{\"status\":\"OK\",\"face_id\":\"" + FACE_1
                + "\",\"rect\":{\"left\":\"10\",\"top\":\"20\",\"right\":\"110\",\"bottom\":\"140\"},\"eye_dist\":40,"
                + "\"attributes\":{\"age\":30},\"image\":{\"image_id\":\"03030303030303030303030303030303\"}}");
        answers("/info/face", "face_id", FACE_2, 400, "{\"status\":\"INVALID_FACE\",\"reason\":\"face_id is invalid or expired\"}");
        answers("/info/list_groups", "", "", 200, "{\"status\":\"OK\",\"groups\":[{\"group_id\":\"" + GROUP + "\",\"name\":\"lobby\"}]}");
        answers("/info/group", "group_id", GROUP, 200, "{\"status\":\"OK\",\"group_id\":\"" + GROUP
                + "\",\"name\":\"lobby\",\"user_data\":\"\",\"persons\":[{\"person_id\":\"" + PERSON + "\",\"name\":\"Ann\"}]}");
    }

    @Test
    void personsAndFacesetsAreTheDialectsCollectionsUnderTheServersIds() {
        anAccount();

        List<CollectionInfo> collections = export.collections("acct");

        assertThat(collections).extracting(c -> c.ref().name()).containsExactly("st_person_" + PERSON, "st_faceset_" + FACESET);
        assertThat(collections.get(0).spec().attributes()).isEqualTo(Map.of("kind", "person", "name", "Ann", "user_data", "desk 4"));
        assertThat(collections.get(0).faceCount()).isEqualTo(2);
        assertThat(collections.get(1).spec().attributes()).isEqualTo(Map.of("kind", "faceset", "name", "gallery"));
        assertThat(export.collections("another")).isEmpty();
        answers("/info/person", "person_id", FACESET, 400, "{\"status\":\"INVALID_PERSON\",\"reason\":\"person_id is invalid\"}");
        assertThat(export.collection(new CollectionRef("acct", "st_person_" + FACESET))).isEmpty();
        assertThat(export.collection(new CollectionRef("acct", "gallery"))).as("the connector layout's name").isEmpty();

        CollectionRef person = collections.get(0).ref();
        Page<StoredFace> first = export.listFaces(person, Optional.empty(), Optional.empty(), 1);
        StoredFace face = first.items().getFirst();
        assertThat(face.faceId()).isEqualTo(FACE_1 + "_" + PERSON);
        assertThat(face.tag()).isEqualTo(PERSON);
        assertThat(face.imageId()).as("the key of its photo in migrate --images").isEqualTo(FACE_1);
        assertThat(face.box()).isEqualTo(new BoundingBox(10, 20, 100, 120));
        assertThat(face.userData().orElseThrow()).contains("\"eye_dist\":40").doesNotContain("image_id").doesNotContain("status");
        StoredFace expired = export.listFaces(person, Optional.empty(), first.nextMarker(), 1).items().getFirst();
        assertThat(expired.faceId()).isEqualTo(FACE_2 + "_" + PERSON);
        assertThat(expired.box().area()).as("no details left: the photo's main face is taken").isZero();
        assertThat(expired.userData()).isEmpty();
        assertThat(export.listFaces(collections.get(1).ref(), Optional.empty(), Optional.empty(), 10).items())
                .extracting(StoredFace::faceId, StoredFace::tag).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        FACE_1 + "_" + FACESET, FACE_1));
        assertThat(export.image("acct", FACE_1)).isEmpty();
    }

    @Test
    void groupsAndFaceOwnersAreTheDialectsRecords() {
        anAccount();

        assertThat(export.records("acct", SensetimeStore.GROUP_KIND))
                .containsExactly(Map.entry(GROUP, "{\"name\":\"lobby\",\"created\":0,\"persons\":[\"" + PERSON + "\"]}"));
        assertThat(export.records("acct", SensetimeStore.OWNER_KIND)).containsOnlyKeys(FACE_1, FACE_2)
                .containsEntry(FACE_1, "{\"person\":\"" + PERSON + "\"}");
        assertThat(export.records("acct", SensetimeStore.IMAGE_KIND)).isEmpty();
    }

    @Test
    void anExportIsReadOnlyAndALayoutIsOneOfTwo() {
        assertThatThrownBy(() -> export.addFaces(new CollectionRef("acct", "st_person_" + PERSON), List.of(NewFace.of(new byte[] {1}, ""))))
                .isInstanceOf(FaceException.Unsupported.class).hasMessageContaining("read-only (layout: dialect)");
        assertThatThrownBy(() -> connect("mirror")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("engines.st.layout").hasMessageContaining("mirror");
    }
}
