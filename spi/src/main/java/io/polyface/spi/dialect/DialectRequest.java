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
 * @param rawTarget the request target exactly as the client sent it: the full path, with any prefix
 *     the dialect is mounted under and its percent-escapes, then {@code ?} and the raw query when
 *     there is one. Dialects that verify request signatures sign over this, since it is what the
 *     client signed.
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
        String rawTarget,
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
        requireNonNull(rawTarget, "rawTarget is null");
        requireNonNull(remoteAddress, "remoteAddress is null");
    }

    /** A request whose raw target is its path and whose sender is unknown (tests, requests built without a server). */
    public DialectRequest(String method, String path, Map<String, String> pathParameters,
            Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {
        this(method, path, pathParameters, query, headers, body, path, Optional.empty());
    }

    /** A request with its raw target and an unknown sender. */
    public DialectRequest(String method, String path, Map<String, String> pathParameters,
            Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body, String rawTarget) {
        this(method, path, pathParameters, query, headers, body, rawTarget, Optional.empty());
    }

    /** A request with its sender's address, whose raw target is its path. */
    public DialectRequest(String method, String path, Map<String, String> pathParameters,
            Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body,
            Optional<String> remoteAddress) {
        this(method, path, pathParameters, query, headers, body, path, remoteAddress);
    }

    /** The raw path of {@link #rawTarget}, without the query. */
    public String rawPath() {
        int q = rawTarget.indexOf('?');
        return q < 0 ? rawTarget : rawTarget.substring(0, q);
    }

    /** The raw query of {@link #rawTarget}, if it has one. */
    public Optional<String> rawQuery() {
        int q = rawTarget.indexOf('?');
        return q < 0 ? Optional.empty() : Optional.of(rawTarget.substring(q + 1));
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
