package com.example.faces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** The labelled photos the tests send: the repository's shared faces ({@code polyface.faces}). */
final class Photos {
    static final String ANGELINA = "angelina/deepface_img5.jpg";
    static final String ANGELINA_AGAIN = "angelina/deepface_img11.jpg";
    static final String ANGELINA_PROBE = "angelina/deepface_img10.jpg";
    static final String SCARLETT = "scarlett/deepface_img50.jpg";

    private static final Path DIRECTORY = Path.of(System.getProperty("polyface.faces", "../../../shared/faces"));

    private Photos() {
    }

    static byte[] bytes(String photo) {
        try {
            return Files.readAllBytes(DIRECTORY.resolve(photo));
        } catch (IOException e) {
            throw new UncheckedIOException("no photo " + photo + " under " + DIRECTORY.toAbsolutePath(), e);
        }
    }

    /** A photo as the data URI Qiniu's document writes. */
    static String dataUri(String photo) {
        return "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(bytes(photo));
    }
}
