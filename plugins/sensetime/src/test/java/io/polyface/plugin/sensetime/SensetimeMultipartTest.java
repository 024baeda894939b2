package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensetimeMultipartTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsFieldsAndFilesWithBinaryContent() {
        String body = "preamble\r\n--b1\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nxiao ming\r\n"
                + "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a;b.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                + "\u00ff\u00d8\r\n--b\r\n\u0000\r\n--b1--\r\nepilogue";

        List<SensetimeMultipart.Part> parts = SensetimeMultipart.parse(bytes(body), "b1");

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("name");
        assertThat(parts.get(0).text()).isEqualTo("xiao ming");
        assertThat(parts.get(1).fileName()).contains("a;b.jpg");
        assertThat(parts.get(1).content()).isEqualTo(bytes("\u00ff\u00d8\r\n--b\r\n\u0000"));
    }

    @Test
    void theBoundaryComesFromTheContentType() {
        assertThat(SensetimeMultipart.boundary("multipart/form-data; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(SensetimeMultipart.boundary("multipart/form-data;charset=utf-8; boundary=xyz")).isEqualTo("xyz");
        assertThatThrownBy(() -> SensetimeMultipart.boundary("multipart/form-data")).isInstanceOf(SensetimeFailure.class);
        assertThatThrownBy(() -> SensetimeMultipart.boundary("multipart/form-data; boundary=" + "x".repeat(71)))
                .isInstanceOf(SensetimeFailure.class);
    }

    @Test
    void malformedBodiesAreRefusedWithAReason() {
        List<String> bodies = List.of(
                "",
                "no delimiter at all",
                "--b1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
                "--b1\r\nContent-Type: text/plain\r\n\r\nx\r\n--b1--",
                "--b1\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b1--",
                "--b1\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--b1--",
                "--b1\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b1--",
                "--b1garbage");
        for (String body : bodies) {
            assertThatThrownBy(() -> SensetimeMultipart.parse(bytes(body), "b1")).as(body)
                    .isInstanceOfSatisfying(SensetimeFailure.class, f -> {
                        assertThat(f.status()).isEqualTo(SensetimeStatus.INVALID_ARGUMENT);
                        assertThat(f.reason()).isPresent();
                    });
        }
    }

    @Test
    void tooManyPartsAreRefused() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= SensetimeMultipart.MAX_PARTS; i++) {
            body.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        body.append("--b--");

        assertThatThrownBy(() -> SensetimeMultipart.parse(bytes(body.toString()), "b")).isInstanceOf(SensetimeFailure.class)
                .hasMessageContaining("parts");
    }
}
