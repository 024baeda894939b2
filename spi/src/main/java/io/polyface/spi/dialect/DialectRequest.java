package io.polyface.spi.dialect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request as a dialect sees it, free of any server's types.
 *
 * @param path the path below the dialect's prefix, as the vendor documents it
 * @param pathParameters values of the template's brace segments
 * @param headers names are matched without regard to case
 * @param remoteAddress the address of the peer that sent the request (an IP address), when the
 *     server knows it; dialects whose vendor keys state by client address (device sync) use it
 */
public record DialectRequest(
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        byte[] body,
        Optional<String> remoteAddress) {

    public DialectRequest {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        pathParameters = Map.copyOf(requireNonNull(pathParameters, "pathParameters is null"));
        query = Map.copyOf(requireNonNull(query, "query is null"));
        TreeMap<String, List<String>> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        requireNonNull(headers, "headers is null").forEach((k, v) -> folded.put(k, List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(folded);
        requireNonNull(body, "body is null");
        requireNonNull(remoteAddress, "remoteAddress is null");
    }

    /** A request whose sender's address is not known. */
    public DialectRequest(String method, String path, Map<String, String> pathParameters,
            Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {
        this(method, path, pathParameters, query, headers, body, Optional.empty());
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public Optional<String> queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The media type of the body without parameters, in lower case, if given. */
    public Optional<String> contentType() {
        return header("Content-Type").map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
    }
}
