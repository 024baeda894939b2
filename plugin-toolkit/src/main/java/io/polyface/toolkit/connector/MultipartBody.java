package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} request body as vendor servers take uploads: text fields and files
 * ({@code application/octet-stream}) in the order they are added, under a random boundary.
 *
 * <p>Not thread-safe: one body is built by one caller.
 */
public final class MultipartBody {
    private final String boundary = "polyface-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public MultipartBody field(String name, String value) {
        requireNonNull(value, "value is null");
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + requireNonNull(name, "name is null") + "\"\r\n\r\n");
        write(value + "\r\n");
        return this;
    }

    /** A file part named {@code name}, sent with the file name {@code fileName}. */
    public MultipartBody file(String name, String fileName, byte[] content) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + requireNonNull(name, "name is null")
                + "\"; filename=\"" + requireNonNull(fileName, "fileName is null") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(requireNonNull(content, "content is null"));
        write("\r\n");
        return this;
    }

    /** Sets this body, closed, and its content type on a request. */
    public HttpRequest.Builder postTo(HttpRequest.Builder request) {
        ByteArrayOutputStream closed = new ByteArrayOutputStream();
        closed.writeBytes(body.toByteArray());
        closed.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(closed.toByteArray()));
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
