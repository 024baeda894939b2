package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The labelled face photos ({@code manifest.json} of the shared face set): photos of one labelled
 * person each, and group photos ({@code multi/}), whose faces are different people from one
 * another. Photos without a face and the edge-case files say nothing about scores and are left out.
 *
 * @param root the directory of {@code manifest.json}
 * @param photos every photo of a labelled person, by file name
 * @param groupPhotos the group photos, by file name
 */
public record LabelledFaces(Path root, List<Photo> photos, List<String> groupPhotos) {

    /** Labels the sources give no name for: such a person may be one of another source's people. */
    private static final Pattern ANONYMOUS = Pattern.compile("compreface_.*|deepface_id.*|ifrest_.*");

    public LabelledFaces {
        requireNonNull(root, "root is null");
        photos = requireNonNull(photos, "photos is null").stream().sorted(Comparator.comparing(Photo::file)).toList();
        groupPhotos = requireNonNull(groupPhotos, "groupPhotos is null").stream().sorted().toList();
    }

    /**
     * A photo of one labelled person.
     *
     * @param file path below the root
     * @param identity the person's label
     * @param source the repository the photo came from
     */
    public record Photo(String file, String identity, String source) {
        public Photo {
            requireNonNull(file, "file is null");
            requireNonNull(identity, "identity is null");
            requireNonNull(source, "source is null");
        }

        boolean anonymous() {
            return ANONYMOUS.matcher(identity).matches();
        }
    }

    /** How sure the set is that two photos show different people. */
    public enum Difference {
        /** The same label: the same person. */
        SAME_PERSON,
        /** Two named people, or two labels of one source: different by the set's own rule. */
        KNOWN,
        /** An unnamed label against another source's person: different labels, not proven different people. */
        ACROSS_SOURCES
    }

    /** Reads {@code manifest.json} in {@code root}. */
    public static LabelledFaces load(Path root) {
        requireNonNull(root, "root is null");
        try {
            List<Photo> photos = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            for (JsonNode entry : new ObjectMapper().readTree(root.resolve("manifest.json").toFile())) {
                String file = entry.path("file").asText();
                switch (entry.path("kind").asText()) {
                    case "identity" -> photos.add(new Photo(file, entry.path("identity").asText(),
                            entry.path("source").asText().split(":", 2)[0]));
                    case "multi" -> groups.add(file);
                    default -> {
                        // nonface and edge files: nothing to score
                    }
                }
            }
            if (photos.isEmpty()) {
                throw new IllegalArgumentException("no labelled photos in " + root.resolve("manifest.json"));
            }
            return new LabelledFaces(root, photos, groups);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the labelled faces in " + root, e);
        }
    }

    /** The labelled face set named by the {@code polyface.faces} system property (the build sets it). */
    public static LabelledFaces fromSystemProperty() {
        String dir = System.getProperty("polyface.faces", "");
        if (dir.isBlank()) {
            throw new IllegalStateException("system property polyface.faces is not set");
        }
        return load(Path.of(dir));
    }

    public byte[] read(String file) {
        try {
            return Files.readAllBytes(root.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every identity label, sorted. */
    public List<String> identities() {
        return photos.stream().map(Photo::identity).distinct().sorted().toList();
    }

    /** The photos of one person, by file name. */
    public List<Photo> photosOf(String identity) {
        return photos.stream().filter(p -> p.identity().equals(identity)).toList();
    }

    /** The set's rule (README of the face set): anonymous labels are known different only within their source. */
    public static Difference difference(Photo a, Photo b) {
        if (a.identity().equals(b.identity())) {
            return Difference.SAME_PERSON;
        }
        boolean named = !a.anonymous() && !b.anonymous();
        return named || a.source().equals(b.source()) ? Difference.KNOWN : Difference.ACROSS_SOURCES;
    }
}
