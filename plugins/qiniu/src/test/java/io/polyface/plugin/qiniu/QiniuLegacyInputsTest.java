package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the older API generation reads its requests (as Go's encoding/json), refuses its searches,
 * picks the face to add and writes an etag: each as its public server code does.
 */
class QiniuLegacyInputsTest {

    private static QiniuLegacyBody body(String json) {
        return QiniuLegacyBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysMatchWithoutRegardToCaseAndTheLaterSpellingWins() {
        QiniuLegacyBody body = body("{\"Data\":{\"URI\":\"first\",\"uri\":\"second\"},\"PARAMS\":{\"Groups\":[\"g\"],\"Limit\":3,"
                + "\"threshold\":0.5},\"unknown\":{\"x\":1}}");
        assertThat(body.object("data").string("uri")).isEqualTo("second");
        QiniuLegacySearch search = QiniuLegacySearch.multi(body);
        assertThat(search).isEqualTo(new QiniuLegacySearch("second", List.of("g"), 3, 0.5));
        QiniuLegacyBody item = body("{\"DATA\":[{\"Uri\":\"u\",\"Attribute\":{\"ID\":\"i\",\"Name\":\"n\",\"MODE\":\"LARGEST\","
                + "\"Desc\":{\"Name\":[1],\"URI\":null}}}]}").objects("data").getFirst();
        QiniuLegacyBody attribute = item.object("attribute");
        assertThat(List.of(item.string("uri"), attribute.string("id"), attribute.string("name"), attribute.string("mode")))
                .containsExactly("u", "i", "n", "LARGEST");
        assertThat(attribute.value("desc").orElseThrow().toString()).as("desc keeps the caller's keys")
                .isEqualTo("{\"Name\":[1],\"URI\":null}");
    }

    @Test
    void absentEmptyAndNullAreZeroValuesAndTrailingTextIsNotRead() {
        for (String json : List.of("", "  ", "null", "{}", "{\"data\":null,\"params\":null}", "{} trailing")) {
            QiniuLegacyBody body = body(json);
            assertThat(body.objects("data")).as(json).isEmpty();
            assertThat(QiniuLegacySearch.multi(body)).as(json).isEqualTo(new QiniuLegacySearch("", List.of(), 0, 0));
        }
    }

    @Test
    void aValueOfTheWrongTypeIs400NamingTheField() {
        assertThatThrownBy(() -> body("[]")).isInstanceOf(FaceException.InvalidArgument.class).hasMessage("request body must be a JSON object");
        assertThatThrownBy(() -> body("{")).hasMessage("request body is not valid JSON");
        assertThatThrownBy(() -> body("{\"data\":[{\"uri\":5}]}").objects("data").getFirst().string("uri"))
                .hasMessage("data[0].uri must be a string");
        assertThatThrownBy(() -> QiniuLegacySearch.multi(body("{\"params\":{\"limit\":5.0}}")))
                .as("Go's int takes no 5.0").hasMessage("params.limit must be a whole number");
        assertThatThrownBy(() -> QiniuLegacySearch.multi(body("{\"params\":{\"threshold\":\"0.5\"}}")))
                .hasMessage("params.threshold must be a number");
        assertThatThrownBy(() -> QiniuLegacySearch.multi(body("{\"params\":{\"groups\":\"g\"}}")))
                .hasMessage("params.groups must be an array of strings");
    }

    @Test
    void searchesAreRefusedWith406InTheSourcesOrder() {
        assertThat(new QiniuLegacySearch(" \t", List.of(), 99_999, 7).refusal()).contains("no enough arguments provided");
        assertThat(new QiniuLegacySearch("u", List.of(), 10_001, 7).refusal()).contains("invalid limit, maximal allowed limit is 10000");
        assertThat(new QiniuLegacySearch("u", List.of(), 10_000, -0.1).refusal()).contains("invalid threshold");
        assertThat(new QiniuLegacySearch("u", List.of(), -5, 1).refusal()).contains("groups is empty");
        assertThat(new QiniuLegacySearch("u", List.of("a", "b", "c", "d", "e", "f"), 0, 0).refusal())
                .contains("cannot search in more than 5 groups at one time");
        assertThat(new QiniuLegacySearch("u", List.of("a", "b", "c", "d", "e", "a", "b"), 0, 0).refusal()).as("repeats count once").isEmpty();
    }

    @Test
    void zeroMeansOneANegativeLimitMeansEveryMatchAndTheSystemThresholdIsAFloor() {
        assertThat(new QiniuLegacySearch("u", List.of("g"), 0, 0).resultCount(() -> 50)).isEqualTo(1);
        assertThat(new QiniuLegacySearch("u", List.of("g"), 7, 0).resultCount(() -> 50)).isEqualTo(7);
        assertThat(new QiniuLegacySearch("u", List.of("g"), -1, 0).resultCount(() -> 50)).isEqualTo(50);
        assertThat(new QiniuLegacySearch("u", List.of("g"), -1, 0).resultCount(() -> 0)).isEqualTo(1);
        assertThat(new QiniuLegacySearch("u", List.of("g"), -1, 0).resultCount(() -> 1_000_000)).isEqualTo(10_000);
        assertThat(new QiniuLegacySearch("u", List.of("g"), 0, 0.2).threshold(0.45)).isEqualTo(0.45);
        assertThat(new QiniuLegacySearch("u", List.of("g"), 0, 0.8).threshold(0.45)).isEqualTo(0.8);
        QiniuLegacySearch image = QiniuLegacySearch.image("g", body("{\"data\":{\"uri\":\"u\"},\"params\":{\"limit\":4,\"threshold\":0.9}}"));
        assertThat(image).as("the single-group image search takes no threshold").isEqualTo(new QiniuLegacySearch("u", List.of("g"), 4, 0));
        QiniuLegacySearch face = QiniuLegacySearch.face("g", body("{\"data\":{\"uri\":\"u\"},\"params\":{\"limit\":4}}"));
        assertThat(face).as("nor limit for faces").isEqualTo(new QiniuLegacySearch("u", List.of("g"), 0, 0));
    }

    private static DetectedFace face(double x, double y, double w, double h) {
        return new DetectedFace(new BoundingBox(x, y, w, h), 0.99, List.of(), new Embedding(new float[] {1}, "v1"));
    }

    @Test
    void theFaceToAddIsPickedAndRefusedAsFaceCheckDoes() {
        DetectedFace small = face(0, 0, 60, 60);
        DetectedFace large = face(100, 100, 200, 150);
        assertThatThrownBy(() -> QiniuLegacyFaceGroups.choose(List.of(), QiniuLegacyFaceGroups.Mode.SINGLE))
                .isInstanceOf(FaceException.NoFace.class);
        assertThatThrownBy(() -> QiniuLegacyFaceGroups.choose(List.of(small, large), QiniuLegacyFaceGroups.Mode.SINGLE))
                .hasMessage("multiple face detected");
        assertThat(QiniuLegacyFaceGroups.choose(List.of(small, large), QiniuLegacyFaceGroups.Mode.LARGEST)).isSameAs(large);
        assertThat(QiniuLegacyFaceGroups.choose(List.of(large), QiniuLegacyFaceGroups.Mode.SINGLE)).isSameAs(large);
        assertThatThrownBy(() -> QiniuLegacyFaceGroups.choose(List.of(face(10, 10, 49, 49)), QiniuLegacyFaceGroups.Mode.SINGLE))
                .hasMessage("face size < 50x50");
        assertThat(QiniuLegacyFaceGroups.choose(List.of(face(10, 10, 40, 80)), QiniuLegacyFaceGroups.Mode.SINGLE))
                .as("refused only when both sides are short, as the source compares them").isNotNull();
        assertThat(QiniuLegacyFaceGroups.choose(List.of(face(10, 10, 50, 50)), QiniuLegacyFaceGroups.Mode.SINGLE)).isNotNull();
    }

    @Test
    void modesAreTheSourcesThreeSpellings() {
        assertThat(QiniuLegacyFaceGroups.Mode.parse("")).contains(QiniuLegacyFaceGroups.Mode.SINGLE);
        assertThat(QiniuLegacyFaceGroups.Mode.parse("SINGLE")).contains(QiniuLegacyFaceGroups.Mode.SINGLE);
        assertThat(QiniuLegacyFaceGroups.Mode.parse("LARGEST")).contains(QiniuLegacyFaceGroups.Mode.LARGEST);
        assertThat(QiniuLegacyFaceGroups.Mode.parse("single")).isEqualTo(Optional.empty());
    }

    @Test
    void anEtagIsGosHexDumpOfTheSha1() {
        // SHA-1("hello") = aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d, laid out as `hexdump -C` (and Go's hex.Dump) lays it out.
        assertThat(QiniuLegacyEtag.of("hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(
                "00000000  aa f4 c6 1d dc c5 e8 a2  da be de 0f 3b 48 2c d9  |............;H,.|\n"
                        + "00000010  ae a9 43 4d                                       |..CM|\n");
        assertThat(QiniuLegacyEtag.hexDump("0123456789abcdefXY".getBytes(StandardCharsets.US_ASCII))).isEqualTo(
                "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n"
                        + "00000010  58 59                                             |XY|\n");
        assertThat(QiniuLegacyEtag.hexDump(new byte[0])).isEmpty();
    }
}
