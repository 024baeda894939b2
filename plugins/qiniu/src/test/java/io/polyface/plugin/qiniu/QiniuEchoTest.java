package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.dialect.DialectFixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Ids and names a client sent come back in error messages as a short prefix at most. */
class QiniuEchoTest {
    private final QiniuDialect dialect = new QiniuDialect(DialectFixtures.offline("qiniu"));

    private String render(FaceException failure, String operation) {
        Operation op = DialectFixtures.operation(dialect, operation);
        return new String(dialect.renderError(failure, op).body(), StandardCharsets.UTF_8);
    }

    @Test
    void aFiveMegabyteIdIsNotEchoed() {
        String huge = "i".repeat(5 << 20);

        assertThat(render(new FaceException.NotFound(Resource.IMAGE, huge), "face.update"))
                .isEqualTo("{\"error\":\"image not found: " + "i".repeat(64) + "...\"}");
        assertThat(render(new FaceException.AlreadyExists(Resource.FACE, huge), "face.add")).hasSizeLessThan(200);
        assertThat(render(new FaceException.NotFound(Resource.COLLECTION, huge), "feature.version")).hasSizeLessThan(200);
        assertThat(render(new FaceException.NotFound(Resource.TAG, huge), "face.list")).hasSizeLessThan(200);
    }
}
