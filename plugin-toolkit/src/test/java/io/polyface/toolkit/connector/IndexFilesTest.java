package io.polyface.toolkit.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connector's index file: replaced whole, and a failed write leaves nothing of itself behind. */
class IndexFilesTest {
    @TempDir
    Path directory;

    @Test
    void aWriteReplacesTheIndexWholeAndCreatesItsDirectory() throws IOException {
        Path index = directory.resolve("connector/index.json");

        IndexFiles.write(index, bytes("{\"faces\":1}"), "the test index");
        IndexFiles.write(index, bytes("{\"faces\":2}"), "the test index");

        assertThat(Files.readString(index)).isEqualTo("{\"faces\":2}");
        assertThat(filesIn(index.getParent())).containsExactly(index);
    }

    @Test
    void aWriteThatCannotReplaceTheTargetFailsNamingItAndLeavesNoTemporaryFile() throws IOException {
        Path occupied = directory.resolve("index.json");
        Files.createDirectory(occupied);
        Files.writeString(occupied.resolve("keep"), "a directory that is not empty cannot be replaced");

        assertThatThrownBy(() -> IndexFiles.write(occupied, bytes("{}"), "the test index"))
                .isInstanceOf(FaceException.Internal.class)
                .hasMessageContaining("cannot write the test index " + occupied);
        assertThat(filesIn(directory)).containsExactly(occupied);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
