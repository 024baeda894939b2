package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.toolkit.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** URIs, boxes, markers, group names and body fields: each bad input its own 400-class failure. */
class QiniuInputsTest {
    private final List<String> fetched = new ArrayList<>();
    private final QiniuUris uris = new QiniuUris((url, timeout) -> {
        fetched.add(url + " " + timeout.toSeconds());
        return new byte[] {1};
    }, Duration.ofSeconds(7), 16);

    @Test
    void httpUrisGoThroughTheFetcherAndDataUrisAreDecoded() {
        assertThat(uris.resolve("image.uri", "https://example.com/a.jpg")).containsExactly(1);
        assertThat(uris.resolve("image.uri", "HTTP://example.com/b.jpg")).containsExactly(1);
        assertThat(fetched).containsExactly("https://example.com/a.jpg 7", "HTTP://example.com/b.jpg 7");
        assertThat(uris.resolve("image.uri", "data:application/octet-stream;base64,aGVsbG8=")).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(uris.resolve("image.uri", "data:image/jpeg;base64,aGVs\nbG8")).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(uris.resolve("image.uri", "data:image/png;base64,_-8=")).containsExactly(0xff, 0xef);
        assertThat(uris.resolve("image.uri", "data:,a%20b")).isEqualTo("a b".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachBadUriHasItsOwnMessage() {
        assertThatThrownBy(() -> uris.resolve("image.uri", "")).hasMessage("image.uri is required");
        assertThatThrownBy(() -> uris.resolve("image.uri", "ftp://x/y")).hasMessageContaining("unsupported scheme 'ftp'");
        assertThatThrownBy(() -> uris.resolve("image.uri", "/etc/passwd")).hasMessageContaining("is not a URI");
        assertThatThrownBy(() -> uris.resolve("image.uri", "data:image/png;base64")).hasMessageContaining("without a ','");
        assertThatThrownBy(() -> uris.resolve("image.uri", "data:image/png;base64,@@@")).hasMessageContaining("base64 data is not valid");
        assertThatThrownBy(() -> uris.resolve("image.uri", "data:image/png;base64,")).hasMessageContaining("no data");
        assertThatThrownBy(() -> uris.resolve("image.uri", "data:,%zz")).hasMessageContaining("broken %-escape");
        assertThatThrownBy(() -> uris.resolve("image.uri", "data:;base64," + "A".repeat(40))).isInstanceOf(FaceException.ImageTooLarge.class);
        assertThat(fetched).isEmpty();
    }

    @Test
    void boxesAreFourPointsEnclosingAnArea() {
        var pts = Json.array();
        pts.addArray().add(52).add(74);
        pts.addArray().add(215).add(74);
        pts.addArray().add(215).add(272);
        pts.addArray().add(52).add(272);
        assertThat(QiniuBox.read("pts", pts)).isEqualTo(new BoundingBox(52, 74, 163, 198));
        ArrayNode written = Json.array();
        QiniuBox.write(new BoundingBox(52.4, 74, 163, 198), written);
        assertThat(written.toString()).isEqualTo("[[52,74],[215,74],[215,272],[52,272]]");

        for (String bad : List.of("[]", "[[1,2],[3,4],[5,6]]", "[[1,2],[3,4],[5,6],[7]]", "[[1,1],[1,1],[1,1],[1,1]]",
                "[[-1,2],[3,4],[5,6],[7,8]]", "[[\"a\",2],[3,4],[5,6],[7,8]]", "{}")) {
            assertThatThrownBy(() -> QiniuBox.read("pts", Json.STRICT.readTree(bad)))
                    .as(bad).isInstanceOf(FaceException.InvalidArgument.class);
        }
    }

    @Test
    void markersAreOpaqueAndCheckedAndEmptyOnTheLastPage() {
        String marker = QiniuMarker.encode(Optional.of("tag 1/é"));
        assertThat(marker).matches("[A-Za-z0-9_-]+");
        assertThat(QiniuMarker.decode(Optional.of(marker))).contains("tag 1/é");
        assertThat(QiniuMarker.encode(Optional.empty())).isEmpty();
        assertThat(QiniuMarker.decode(Optional.of(""))).isEmpty();
        assertThatThrownBy(() -> QiniuMarker.decode(Optional.of("!!"))).isInstanceOf(FaceException.InvalidArgument.class);
    }

    @Test
    void groupNamesFollowTheDocumentsRule() {
        for (String good : List.of("abc", "a1_-", "a".repeat(32), "test_group")) {
            assertThat(QiniuGroupName.check("group_name", good)).isEqualTo(good);
        }
        for (String bad : List.of("ab", "Abc", "1abc", "_abc", "a".repeat(33), "ab.c", "ab c", "abC")) {
            assertThatThrownBy(() -> QiniuGroupName.check("group_name", bad)).as(bad).isInstanceOf(FaceException.InvalidArgument.class);
        }
    }

    @Test
    void bodyFieldsAreReadStrictly() {
        QiniuBody body = QiniuBody.parse("{\"threshold\":0.45,\"limit\":5.0,\"use_quality\":true,\"images\":[\"a\"]}".getBytes(), false);
        assertThat(body.fraction("threshold", 0)).isEqualTo(0.45);
        assertThat(body.integer("limit", 1, 10000, 100)).isEqualTo(5);
        assertThat(body.bool("use_quality", false)).isTrue();
        assertThat(body.integer("absent", 1, 10, 7)).isEqualTo(7);

        QiniuBody wrong = QiniuBody.parse("{\"threshold\":\"0.4\",\"limit\":5.5,\"use_quality\":1,\"images\":\"a\",\"image\":[]}".getBytes(), false);
        assertThatThrownBy(() -> wrong.fraction("threshold", 0)).hasMessage("threshold must be a number from 0 to 1");
        assertThatThrownBy(() -> wrong.integer("limit", 1, 10000, 100)).hasMessage("limit must be a whole number from 1 to 10000");
        assertThatThrownBy(() -> wrong.bool("use_quality", false)).hasMessage("use_quality must be true or false");
        assertThatThrownBy(() -> wrong.strings("images", 10)).hasMessage("images must be an array of strings");
        assertThatThrownBy(() -> wrong.object("image", true)).hasMessage("image must be an object");
        assertThatThrownBy(() -> QiniuBody.parse("{".getBytes(), false)).hasMessage("request body is not valid JSON");
        assertThatThrownBy(() -> QiniuBody.parse("{} {}".getBytes(), false)).hasMessage("request body is not valid JSON");
        assertThatThrownBy(() -> QiniuBody.parse(new byte[0], false)).hasMessageContaining("empty");
        assertThat(QiniuBody.parse(new byte[0], true).has("config")).isFalse();
        QiniuBody nested = QiniuBody.parse("{\"image\":{\"uri\":5}}".getBytes(), false).object("image", true);
        assertThatThrownBy(() -> nested.optionalString("uri")).hasMessage("image.uri must be a string");
    }

    @Test
    void numbersAreReadAsQiniusServerDecodesThem() {
        QiniuBody body = QiniuBody.parse("{\"limit\":-3,\"big\":20000,\"five\":5.0,\"t\":1.5,\"images\":null}".getBytes(), true);
        assertThat(body.wholeNumber("limit", 0)).isEqualTo(-3);
        assertThat(body.wholeNumber("big", 0)).isEqualTo(20000);
        assertThat(body.wholeNumber("five", 0)).isEqualTo(5);
        assertThat(body.wholeNumber("absent", 7)).isEqualTo(7);
        assertThat(body.number("t", 0)).isEqualTo(1.5);
        assertThat(body.optionalStrings("images", 10)).isEmpty();
        assertThat(body.optionalStrings("absent", 10)).isEmpty();
        QiniuBody wrong = QiniuBody.parse("{\"limit\":5.5,\"t\":\"x\"}".getBytes(), true);
        assertThatThrownBy(() -> wrong.wholeNumber("limit", 0)).hasMessage("limit must be a whole number");
        assertThatThrownBy(() -> wrong.number("t", 0)).hasMessage("t must be a number");
        // Go decodes an empty body and null into a struct as nothing.
        assertThat(QiniuBody.parse("null".getBytes(), true).has("images")).isFalse();
        assertThatThrownBy(() -> QiniuBody.parse("[]".getBytes(), true)).isInstanceOf(FaceException.InvalidArgument.class);
    }

    @Test
    void aListingLimitOfZeroOrLessIsTheDefaultAndMoreThanTheMostIsTheMost() {
        assertThat(QiniuQuery.limit(query("limit", "0"), 1000)).isEqualTo(1000);
        assertThat(QiniuQuery.limit(query("limit", "-4"), 1000)).isEqualTo(1000);
        assertThat(QiniuQuery.limit(query("limit", "5000"), 1000)).isEqualTo(1000);
        assertThat(QiniuQuery.limit(query("limit", "7"), 1000)).isEqualTo(7);
        assertThatThrownBy(() -> QiniuQuery.limit(query("limit", "x"), 1000)).isInstanceOf(FaceException.InvalidArgument.class);
    }

    private static io.polyface.spi.dialect.DialectRequest query(String name, String value) {
        return new io.polyface.spi.dialect.DialectRequest("GET", "/", Map.of(), Map.of(name, List.of(value)), Map.of(), new byte[0]);
    }

    @Test
    void generatedIdsLookLikeTheDocumentsAndCallersIdsAreChecked() {
        assertThat(QiniuIds.generate()).matches("[A-Za-z0-9_-]{12}").isNotEqualTo(QiniuIds.generate());
        assertThat(QiniuIds.check("http://example.com/a.jpg")).isEqualTo("http://example.com/a.jpg");
        assertThatThrownBy(() -> QiniuIds.check("a\nb")).isInstanceOf(FaceException.InvalidArgument.class);
        assertThatThrownBy(() -> QiniuIds.check("x".repeat(513))).isInstanceOf(FaceException.InvalidArgument.class);
    }

    @Test
    void theDocumentsThresholdsLandOnTheMeasuredRawOnes() {
        assertThat(QiniuScore.DEFAULT.toCosine(0.45)).isEqualTo(0.512);
        assertThat(QiniuScore.DEFAULT.toCosine(0.35)).isEqualTo(0.259);
        assertThat(QiniuScore.DEFAULT.fromCosine(1)).isEqualTo(1);
        assertThat(QiniuScore.DEFAULT.fromCosine(-1)).isZero();
        assertThat(QiniuScore.DEFAULT.fromCosine(0.6)).isBetween(0.45, 1.0);
    }
}
