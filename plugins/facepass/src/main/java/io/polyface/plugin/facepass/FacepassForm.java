package io.polyface.plugin.facepass;

import io.polyface.spi.dialect.DialectRequest;
import io.polyface.toolkit.form.MalformedFormException;
import io.polyface.toolkit.form.MultipartForm;
import io.polyface.toolkit.form.MultipartForm.Part;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A form body, {@code multipart/form-data} or {@code application/x-www-form-urlencoded}, read
 * strictly: a body that is not a well-formed form of its declared type is {@link
 * FacepassErrorCode#ILLEGAL_JSON_BODY} (the document's code for a request body that cannot be
 * parsed). Limits: at most {@value #MAX_PARTS} parts with at most {@value
 * MultipartForm#MAX_HEADER_BYTES} bytes of headers each; the body as a whole is limited by the gateway ({@code server.max-body-bytes}).
 */
final class FacepassForm {
    static final int MAX_PARTS = 128;
    /** Parts beyond {@value #MAX_PARTS} are refused; a text field is as long as the body allows. */
    private static final MultipartForm.Limits LIMITS = new MultipartForm.Limits(MAX_PARTS, Integer.MAX_VALUE);

    private final Map<String, List<Part>> parts;

    private FacepassForm(List<Part> all) {
        Map<String, List<Part>> byName = new LinkedHashMap<>();
        for (Part part : all) {
            byName.computeIfAbsent(part.name(), n -> new ArrayList<>()).add(part);
        }
        this.parts = byName;
    }

    /**
     * The request's form. An empty body is an empty form whatever its type, so that a request
     * without fields is answered MISSING_ARGUMENT rather than ILLEGAL_JSON_BODY.
     */
    static FacepassForm of(DialectRequest request) {
        if (request.body().length == 0) {
            return new FacepassForm(List.of());
        }
        String type = request.contentType().orElse("");
        if (type.equals("multipart/form-data")) {
            try {
                String boundary = MultipartForm.boundary(request.header("Content-Type").orElse(""));
                return new FacepassForm(MultipartForm.parse(request.body(), boundary, LIMITS));
            } catch (MalformedFormException e) {
                throw FacepassFailure.badBody();
            }
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return new FacepassForm(urlEncoded(request.body()));
        }
        throw FacepassFailure.badBody();
    }

    /** Every field name in order of first appearance. */
    List<String> names() {
        return List.copyOf(parts.keySet());
    }

    List<Part> all(String name) {
        return parts.getOrDefault(name, List.of());
    }

    Optional<Part> part(String name) {
        return all(name).stream().findFirst();
    }

    /** A text field; empty when absent. */
    Optional<String> text(String name) {
        return part(name).map(Part::text);
    }

    // ---- application/x-www-form-urlencoded -------------------------------------------------

    private static List<Part> urlEncoded(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<Part> parts = new ArrayList<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (parts.size() == MAX_PARTS) {
                throw FacepassFailure.badBody();
            }
            String[] kv = pair.split("=", 2);
            try {
                String name = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                if (name.isEmpty()) {
                    throw FacepassFailure.badBody();
                }
                parts.add(new Part(name, Optional.empty(), Optional.empty(), value.getBytes(StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                throw FacepassFailure.badBody();
            }
        }
        return parts;
    }
}
