package io.polyface.toolkit.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartFormTest {
    private static final MultipartForm.Limits LIMITS = new MultipartForm.Limits(64, 16);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsFieldsAndFilesWithBinaryContent() {
        String body = "preamble\r\n--b1\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nxiao ming\r\n"
                + "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a;b.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                + "\u00ff\u00d8\r\n--b\r\n\u0000\r\n--b1\r\ncontent-disposition: form-data; name=file\r\n\r\n2\r\n--b1--\r\nepilogue";

        List<MultipartForm.Part> parts = MultipartForm.parse(bytes(body), "b1", LIMITS);

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).name()).isEqualTo("name");
        assertThat(parts.get(0).text()).isEqualTo("xiao ming");
        assertThat(parts.get(0).contentType()).isEmpty();
        assertThat(parts.get(1).fileName()).contains("a;b.jpg");
        assertThat(parts.get(1).contentType()).contains("image/jpeg");
        assertThat(parts.get(1).content()).isEqualTo(bytes("\u00ff\u00d8\r\n--b\r\n\u0000"));
        assertThat(parts.get(2).name()).as("an unquoted name, the header named in lower case").isEqualTo("file");
        assertThat(parts.get(2).text()).isEqualTo("2");
    }

    @Test
    void theBoundaryComesFromTheContentType() {
        assertThat(MultipartForm.boundary("multipart/form-data; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartForm.boundary("multipart/form-data;charset=utf-8; boundary=xyz")).isEqualTo("xyz");
        assertThatThrownBy(() -> MultipartForm.boundary("multipart/form-data")).isInstanceOf(MalformedFormException.class)
                .hasMessage("multipart/form-data without a boundary");
        assertThatThrownBy(() -> MultipartForm.boundary("multipart/form-data; boundary=" + "x".repeat(71)))
                .isInstanceOf(MalformedFormException.class)
                .hasMessage("multipart/form-data boundary is malformed");
    }

    @Test
    void malformedBodiesAreRefusedWithAReason() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("", "the first boundary delimiter is missing");
        reasons.put("no delimiter at all", "the first boundary delimiter is missing");
        reasons.put("--b1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "a part is not closed by a boundary delimiter");
        reasons.put("--b1\r\nContent-Type: text/plain\r\n\r\nx\r\n--b1--", "a part has no Content-Disposition header");
        reasons.put("--b1\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b1--", "a part's Content-Disposition is not form-data");
        reasons.put("--b1\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--b1--", "a part has no field name");
        reasons.put("--b1\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b1--", "a part has no field name");
        reasons.put("--b1\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b1--",
                "a quoted Content-Disposition parameter is not closed");
        reasons.put("--b1\r\nno colon here\r\n\r\n1\r\n--b1--", "a part header line has no name");
        reasons.put("--b1garbage", "a boundary delimiter is not followed by a line break");
        reasons.forEach((body, reason) -> assertThatThrownBy(() -> MultipartForm.parse(bytes(body), "b1", LIMITS)).as(body)
                .isInstanceOf(MalformedFormException.class)
                .hasMessage("malformed multipart/form-data body: " + reason));
    }

    @Test
    void tooManyPartsAndTooLongATextAreRefused() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= LIMITS.maxParts(); i++) {
            body.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        body.append("--b--");
        String longText = "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n" + "x".repeat(17) + "\r\n--b--";
        String longFile = "--b\r\nContent-Disposition: form-data; name=\"t\"; filename=\"t\"\r\n\r\n" + "x".repeat(17) + "\r\n--b--";

        assertThatThrownBy(() -> MultipartForm.parse(bytes(body.toString()), "b", LIMITS)).isInstanceOf(MalformedFormException.class)
                .hasMessage("multipart/form-data body with more than 64 parts");
        assertThatThrownBy(() -> MultipartForm.parse(bytes(longText), "b", LIMITS)).isInstanceOf(MalformedFormException.class)
                .hasMessage("argument 't': longer than 16 bytes");
        assertThat(MultipartForm.parse(bytes(longFile), "b", LIMITS).getFirst().content()).hasSize(17);
    }
}
