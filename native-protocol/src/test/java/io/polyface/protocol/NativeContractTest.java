package io.polyface.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed contract is what the code speaks. After a change to the SPI, regenerate it with
 * {@code -Dnative.contract.write=true} and review the diff: removals and renames need /native/v2.
 */
class NativeContractTest {
    @Test
    void theCommittedContractMatchesTheCode() throws IOException {
        String generated = NativeContract.generate();
        if (Boolean.getBoolean("native.contract.write")) {
            Files.writeString(Path.of("src/main/resources", NativeProtocol.CONTRACT_RESOURCE), generated);
        }
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(NativeProtocol.CONTRACT_RESOURCE)) {
            assertThat(in).as("the contract on the class path").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(generated);
        }
        assertThat(generated).contains("\"/native/v1/copyFaces\"", "\"/native/v1/startFeatureJob\"", "\"ProbeStoredFaceProbe\"");
    }
}
