package io.polyface.plugin.facepass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.dialect.DialectRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict multipart/form-data and url-encoded form reader. */
class FacepassFormTest {
    private static FacepassForm form(String contentType, String body) {
        return FacepassForm.of(new DialectRequest("POST", "/x", Map.of(), Map.of(), Map.of("Content-Type", List.of(contentType)),
                body.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static final String TYPE = "multipart/form-data; boundary=\"b0\"";

    @Test
    void readsFieldsFilesAndRepeatedNames() {
        FacepassForm form = form(TYPE, "preamble\r\n--b0\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                + "--b0\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x;y.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u00ff\u00d8\r\n\r\n"
                + "--b0\r\ncontent-disposition: form-data; name=f\r\n\r\n2\r\n--b0--\r\nepilogue");

        assertThat(form.names()).containsExactly("a", "f");
        assertThat(form.text("a")).contains("1");
        assertThat(form.all("f")).hasSize(2);
        assertThat(form.part("f").orElseThrow().fileName()).contains("x;y.jpg");
        assertThat(form.part("f").orElseThrow().content()).containsExactly(0xFF, 0xD8, '\r', '\n');
    }

    @Test
    void malformedBodiesAreIllegalJsonBody() {
        for (String body : List.of(
                "--b0\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1",                // no closing delimiter
                "--b0\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b0--",                 // no name
                "--b0\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--b0--",     // not form-data
                "--b0\r\nno colon here\r\n\r\n1\r\n--b0--",
                "garbage without any delimiter")) {
            assertThatThrownBy(() -> form(TYPE, body)).as(body).isInstanceOfSatisfying(FacepassFailure.class,
                    f -> assertThat(f.code()).isEqualTo(FacepassErrorCode.ILLEGAL_JSON_BODY));
        }
        assertThatThrownBy(() -> form("multipart/form-data", "--b0--")).isInstanceOf(FacepassFailure.class);
        assertThatThrownBy(() -> form("application/json", "{}")).isInstanceOf(FacepassFailure.class);
    }

    @Test
    void tooManyPartsAreRefused() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= FacepassForm.MAX_PARTS; i++) {
            body.append("--b0\r\nContent-Disposition: form-data; name=\"p").append(i).append("\"\r\n\r\nx\r\n");
        }
        body.append("--b0--");
        assertThatThrownBy(() -> form(TYPE, body.toString())).isInstanceOf(FacepassFailure.class);
    }

    @Test
    void anEmptyBodyIsAnEmptyFormAndUrlEncodingIsDecoded() {
        assertThat(form(TYPE, "").names()).isEmpty();
        assertThat(form("application/x-www-form-urlencoded", "a=1%2B2&b=&c").text("a")).contains("1+2");
    }
}
