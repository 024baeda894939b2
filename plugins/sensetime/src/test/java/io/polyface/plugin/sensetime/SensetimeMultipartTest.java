package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A multipart/form-data body as SenseTime reads it: a malformed one is INVALID_ARGUMENT with the reason. */
class SensetimeMultipartTest {
    private static final String TYPE = "multipart/form-data; boundary=b";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsFieldsAndFiles() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nxiao ming\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n\u00ff\u00d8\r\n--b--";

        assertThat(SensetimeParams.multipart(TYPE, bytes(body))).satisfiesExactly(
                name -> assertThat(name.text()).isEqualTo("xiao ming"),
                file -> assertThat(file.fileName()).contains("a.jpg"));
    }

    @Test
    void malformedBodiesAreRefusedWithAReason() {
        assertThatThrownBy(() -> SensetimeParams.multipart(TYPE, bytes("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--")))
                .isInstanceOfSatisfying(SensetimeFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(SensetimeStatus.INVALID_ARGUMENT);
                    assertThat(f.reason()).contains("malformed multipart/form-data body: a part has no Content-Disposition header");
                });
        assertThatThrownBy(() -> SensetimeParams.multipart("multipart/form-data", bytes("--b--")))
                .isInstanceOfSatisfying(SensetimeFailure.class, f -> assertThat(f.status()).isEqualTo(SensetimeStatus.INVALID_ARGUMENT));
    }

    @Test
    void tooManyPartsAreRefused() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= SensetimeParams.MULTIPART_LIMITS.maxParts(); i++) {
            body.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        body.append("--b--");

        assertThatThrownBy(() -> SensetimeParams.multipart(TYPE, bytes(body.toString()))).isInstanceOf(SensetimeFailure.class)
                .hasMessageContaining("parts");
    }
}
