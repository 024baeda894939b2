package io.polyface.plugin.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.toolkit.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The envelope's text, character for character: clients read FacePass answers by offset, so the
 * key order (the real server's) and the layout (the document's) are both part of the contract.
 */
class FacepassEnvelopeTest {
    private static final Instant RECEIVED = Instant.ofEpochMilli(1519639954744L);
    private static final Clock DONE = Clock.fixed(RECEIVED.plusMillis(433), ZoneOffset.UTC);

    private static String text(DialectResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void anAnswerIsTheCapturedKeyOrderInTheDocumentsLayout() {
        ObjectNode data = Json.object();
        data.putArray("faces").add("QDe1dd1vlJ1v865F04dqtg==").add("OPNt2cUF1rmSgwLDUf4LJg==");
        data.put("group_name", "group_a");

        DialectResponse response = FacepassEnvelope.ok(RECEIVED, DONE, data);

        assertThat(response.status()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("""
                {
                  "code": 0,
                  "message": "",
                  "timecost": 433,
                  "timestamp": 1519639954744,
                  "data": {
                    "faces": [
                      "QDe1dd1vlJ1v865F04dqtg==",
                      "OPNt2cUF1rmSgwLDUf4LJg=="
                    ],
                    "group_name": "group_a"
                  }
                }""");
    }

    @Test
    void failuresAndEmptyDataKeepTheSameOrderAndLayout() {
        DialectResponse response = FacepassEnvelope.render(FacepassErrorCode.GROUP_BINDING_NOT_EXIST, "GROUP_BINDING_NOT_EXIST", RECEIVED,
                DONE, Json.object());

        assertThat(response.status()).isEqualTo(400);
        assertThat(text(response)).isEqualTo("""
                {
                  "code": 104303,
                  "message": "GROUP_BINDING_NOT_EXIST",
                  "timecost": 433,
                  "timestamp": 1519639954744,
                  "data": { }
                }""");
    }

    @Test
    void aRectIsWrittenBottomLeftRightTop() {
        ObjectNode data = Json.object();
        new FacepassImages.Rect(149, 305, 448, 604).putInto(data.putObject("rect"));

        assertThat(data.toString()).isEqualTo("{\"rect\":{\"bottom\":604,\"left\":149,\"right\":448,\"top\":305}}");
        assertThat(FacepassImages.Rect.of(data.path("rect"))).isEqualTo(new FacepassImages.Rect(149, 305, 448, 604));
    }
}
