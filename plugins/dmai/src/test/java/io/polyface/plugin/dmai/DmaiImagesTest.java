package io.polyface.plugin.dmai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DmaiImagesTest {
    private static final byte[] BYTES = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3};

    @Test
    void decodesPlainWrappedAndDataUriBase64() {
        String plain = Base64.getEncoder().encodeToString(BYTES);
        assertThat(DmaiImages.decode("f", plain)).isEqualTo(BYTES);
        assertThat(DmaiImages.decode("f", Base64.getMimeEncoder(4, "\r\n".getBytes()).encodeToString(BYTES))).isEqualTo(BYTES);
        assertThat(DmaiImages.decode("f", "data:image/jpeg;base64," + plain)).isEqualTo(BYTES);
    }

    @Test
    void rejectsWhatIsNotBase64OrEmpty() {
        assertThatThrownBy(() -> DmaiImages.decode("face_image", "not base64!"))
                .isInstanceOf(FaceException.InvalidArgument.class).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> DmaiImages.decode("face_image", ""))
                .isInstanceOf(FaceException.InvalidArgument.class).hasMessageContaining("empty");
    }
}
