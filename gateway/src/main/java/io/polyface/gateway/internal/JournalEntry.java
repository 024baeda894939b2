package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One exchange as the request journal keeps it, already scrubbed (see {@link JournalScrubber}).
 *
 * @param id rises with every exchange recorded, across dialects
 * @param path the path the client asked for, with any mount prefix ({@code /dmai/...})
 * @param operation the operation it reached ({@code unknown} for a path the dialect does not have)
 * @param tenant the tenant the request acted for, when it reached an engine
 */
public record JournalEntry(long id, Instant time, String dialect, String operation, String method, String path,
        Map<String, List<String>> query, Optional<String> tenant, int status, long nanos, Message request, Message response) {

    public JournalEntry {
        requireNonNull(time, "time is null");
        requireNonNull(dialect, "dialect is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        query = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(query, "query is null")));
        requireNonNull(tenant, "tenant is null");
        requireNonNull(request, "request is null");
        requireNonNull(response, "response is null");
    }

    /**
     * A request's or response's part of the exchange.
     *
     * @param size the body's length in bytes as it went over the wire
     * @param body the scrubbed body, cut to the journal's bound
     * @param truncated whether {@code body} was cut
     */
    public record Message(Map<String, List<String>> headers, String contentType, long size, String body, boolean truncated) {
        public Message {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(headers, "headers is null")));
            requireNonNull(contentType, "contentType is null");
            requireNonNull(body, "body is null");
        }

        void writeTo(ObjectNode node) {
            ObjectNode h = node.putObject("headers");
            headers.forEach((name, values) -> values.forEach(h.putArray(name)::add));
            node.put("contentType", contentType);
            node.put("size", size);
            node.put("body", body);
            node.put("truncated", truncated);
        }
    }

    void writeTo(ObjectNode node) {
        node.put("id", id);
        node.put("time", time.toString());
        node.put("dialect", dialect);
        node.put("operation", operation);
        node.put("method", method);
        node.put("path", path);
        ObjectNode q = node.putObject("query");
        query.forEach((name, values) -> values.forEach(q.putArray(name)::add));
        tenant.ifPresent(t -> node.put("tenant", t));
        node.put("status", status);
        node.put("durationMs", Math.round(nanos / 10_000.0) / 100.0);
        request.writeTo(node.putObject("request"));
        response.writeTo(node.putObject("response"));
    }
}
