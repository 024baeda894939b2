package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Raw-feature request bodies read as the vendor's Go server reads them, and feature values both ways. */
class QiniuFeatureJsonTest {

    private static QiniuFeatureJson body(String json) {
        return QiniuFeatureJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysMatchWhateverTheirCaseAndTheLastOneWins() {
        QiniuFeatureJson json = body("{\"Features\":[{\"ID\":\"a\",\"Tag\":\"t\",\"id\":\"b\"}],\"LIMIT\":5,\"Threshold\":0.5}");
        assertThat(json.integer("limit")).isEqualTo(5);
        assertThat(json.float32("threshold")).isEqualTo(0.5f);
        QiniuFeatureJson feature = json.objects("features").getFirst();
        assertThat(feature.string("id")).isEqualTo("b");
        assertThat(feature.string("tag")).isEqualTo("t");
        assertThat(feature.string("value")).as("absent is Go's zero value").isEmpty();
    }

    @Test
    void anEmptyBodyOrNullsReadAsZeroValues() {
        assertThat(body("").objects("features")).isEmpty();
        assertThat(body("{\"features\":null,\"limit\":null}").integer("limit")).isZero();
        assertThat(body("{\"features\":null}").strings("features")).isEmpty();
    }

    @Test
    void aFieldOfTheWrongTypeIsA400NamingIt() {
        assertThatThrownBy(() -> body("{\"features\":[{\"id\":5}]}").objects("features").getFirst().string("id"))
                .isInstanceOf(FaceException.InvalidArgument.class).hasMessage("features[0].id must be a string");
        assertThatThrownBy(() -> body("{\"limit\":1.5}").integer("limit")).hasMessage("limit must be a whole number");
        assertThatThrownBy(() -> body("{\"features\":\"x\"}").strings("features")).hasMessage("features must be an array of strings");
        assertThatThrownBy(() -> body("[1]")).isInstanceOf(FaceException.InvalidArgument.class);
        assertThatThrownBy(() -> body("{")).hasMessage("request body is not valid JSON");
        assertThatThrownBy(() -> body("{\"b\":{\"pts\":[[1.5,2]]}}").boundingBox("b"))
                .hasMessage("b.pts must be points [[x,y],...] of whole numbers");
    }

    @Test
    void aBoundingBoxIsKeptAsGivenWithEmptyPartsLeftOut() {
        var box = body("{\"bounding_box\":{\"PTS\":[[1,2],[30,2],[30,40],[1,40]],\"score\":0.75}}").boundingBox("bounding_box");
        assertThat(box.toString()).isEqualTo("{\"pts\":[[1,2],[30,2],[30,40],[1,40]],\"score\":0.75}");
        assertThat(QiniuFeatureJson.axisAligned(box)).contains(new BoundingBox(1, 2, 29, 38));
        var empty = body("{\"bounding_box\":{\"pts\":[],\"score\":0}}").boundingBox("bounding_box");
        assertThat(empty.toString()).isEqualTo("{}");
        assertThat(QiniuFeatureJson.axisAligned(empty)).isEmpty();
        var twoPoints = body("{\"b\":{\"pts\":[[1,2],[3,4]]}}").boundingBox("b");
        assertThat(QiniuFeatureJson.axisAligned(twoPoints)).as("kept, but not a box the engine can hold").isEmpty();
    }

    @Test
    void aFeatureValueIsBase64OfLittleEndianFloat32s() {
        float[] vector = {1.0f, -0.5f, 3.25e-5f, 1234.5f};
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.0f).putFloat(-0.5f)
                .putFloat(3.25e-5f).putFloat(1234.5f).array();
        String base64 = Base64.getEncoder().encodeToString(bytes);

        assertThat(QiniuFeatureJson.base64(vector)).isEqualTo(base64);
        assertThat(QiniuFeatureJson.vector(base64, 4)).hasValueSatisfying(v -> assertThat(v).containsExactly(vector));
        // Go's decoder skips line breaks
        assertThat(QiniuFeatureJson.vector(base64.substring(0, 8) + "\r\n" + base64.substring(8), 4)).isPresent();
    }

    @Test
    void aValueOfAnotherLengthOrNotBase64OrNotFiniteIsNoFeature() {
        String three = QiniuFeatureJson.base64(new float[] {1, 2, 3});
        assertThat(QiniuFeatureJson.vector(three, 4)).isEmpty();
        assertThat(QiniuFeatureJson.vector(QiniuFeatureJson.base64(new float[] {1, 2, 3, 4, 5}), 4)).isEmpty();
        assertThat(QiniuFeatureJson.vector("", 4)).isEmpty();
        assertThat(QiniuFeatureJson.vector("@@@@", 1)).isEmpty();
        String padded = QiniuFeatureJson.base64(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertThat(padded).endsWith("=");
        assertThat(QiniuFeatureJson.vector(padded.replace("=", ""), 11)).as("Go's standard decoder wants the padding").isEmpty();
        assertThat(QiniuFeatureJson.vector(QiniuFeatureJson.base64(new float[] {1, Float.NaN}), 2)).isEmpty();
        assertThat(QiniuFeatureJson.vector(QiniuFeatureJson.base64(new float[] {1, Float.POSITIVE_INFINITY}), 2)).isEmpty();
    }
}
