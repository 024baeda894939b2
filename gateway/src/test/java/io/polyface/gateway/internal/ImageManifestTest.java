package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list of photos {@code migrate --images} reads: ids to photos, relative to the list's folder. */
class ImageManifestTest {
    @TempDir
    Path work;

    @Test
    void photosAreFoundByTheFirstIdListedRelativeToTheListsFolder() throws Exception {
        Path list = Files.writeString(Files.createDirectories(work.resolve("export")).resolve("photos.tsv"), """
                # SenseTime face_id or Qiniu image id, then the photo

                91cd25ab26f6480981cb5fb0576ea31c\tphotos/ann.jpg
                https://photos.example/staff/bob.jpg\t/srv/photos/bob.jpg
                """);
        ImageManifest manifest = ImageManifest.read(list);

        assertThat(manifest.photo(List.of("91cd25ab26f6480981cb5fb0576ea31c")))
                .contains(work.resolve("export/photos/ann.jpg").toAbsolutePath());
        assertThat(manifest.photo(List.of("", "unknown", "https://photos.example/staff/bob.jpg"))).contains(Path.of("/srv/photos/bob.jpg"));
        assertThat(manifest.photo(List.of("unknown", ""))).isEmpty();
    }

    @Test
    void aLineWithoutItsTabOrAnIdListedTwiceIsRefusedByItsNumber() throws Exception {
        Path untabbed = Files.writeString(work.resolve("untabbed.tsv"), "a\tone.jpg\nb two.jpg\n");
        assertThatThrownBy(() -> ImageManifest.read(untabbed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("<id><TAB><photo>");
        Path twice = Files.writeString(work.resolve("twice.tsv"), "a\tone.jpg\na\ttwo.jpg\n");
        assertThatThrownBy(() -> ImageManifest.read(twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("id a is listed twice");
    }
}
