package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The photos a migration enrols faces from when the source engine gives no image back (SenseTime's
 * and Qiniu's APIs keep none to give): {@code migrate --images FILE}, a text file of lines {@code
 * <id><TAB><photo>}, the photo's path relative to the file (or absolute). Blank lines and lines
 * starting with {@code #} are skipped. A face's photo is the one listed for its image id at the
 * source, else for its face id. Immutable.
 */
public final class ImageManifest {
    private final Path file;
    private final Map<String, Path> photos;

    private ImageManifest(Path file, Map<String, Path> photos) {
        this.file = file;
        this.photos = Map.copyOf(photos);
    }

    /** Reads a manifest; a malformed line or an id listed twice fails, naming the line. */
    public static ImageManifest read(Path file) {
        requireNonNull(file, "file is null");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image list " + file, e);
        }
        Path base = file.toAbsolutePath().getParent();
        Map<String, Path> photos = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected <id><TAB><photo>");
            }
            String id = line.substring(0, tab).strip();
            if (photos.put(id, base.resolve(line.substring(tab + 1).strip())) != null) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": id " + id + " is listed twice");
            }
        }
        return new ImageManifest(file, photos);
    }

    /** The photo listed for the first of these ids that has one. */
    public Optional<Path> photo(List<String> ids) {
        return ids.stream().filter(id -> !id.isEmpty()).map(photos::get).filter(Objects::nonNull).findFirst();
    }

    public Path file() {
        return file;
    }
}
