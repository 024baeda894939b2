package io.polyface.reliability;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.polyface.reliability.fuzz.Dialect;
import io.polyface.reliability.fuzz.FuzzRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Requests to one gateway in any dialect, authenticated with the run's {@link Credentials}, over
 * {@link RawHttp} with a deadline. Thread-safe.
 */
public final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InetSocketAddress address;
    private final Credentials credentials;
    private final Duration deadline;

    public GatewayClient(InetSocketAddress address, Credentials credentials, Duration deadline) {
        this.address = requireNonNull(address, "address is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.deadline = requireNonNull(deadline, "deadline is null");
    }

    public InetSocketAddress address() {
        return address;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** Sends a request; a hang or a closed connection is an {@link IOException}. */
    public RawHttp.Response send(Dialect dialect, FuzzRequest request) throws IOException {
        return RawHttp.exchange(address, Optional.empty(), credentials.wire(dialect, request, address), deadline);
    }

    /** A JSON POST, for the suite's own set-up and checks; its answer parsed, whatever its status. */
    public Answer post(Dialect dialect, String path, Object body) {
        return call(dialect, new FuzzRequest("POST", path, List.of(), new FuzzRequest.Body.Json(JSON.valueToTree(body)), "setup"));
    }

    /** A POST without a body. */
    public Answer postEmpty(Dialect dialect, String path) {
        return call(dialect, new FuzzRequest("POST", path, List.of(), new FuzzRequest.Body.None(), "setup"));
    }

    public Answer get(Dialect dialect, String path, List<FuzzRequest.Field> query) {
        return call(dialect, new FuzzRequest("GET", path, query, new FuzzRequest.Body.None(), "setup"));
    }

    public Answer multipart(Dialect dialect, String path, List<FuzzRequest.Part> parts) {
        return call(dialect, new FuzzRequest("POST", path, List.of(), new FuzzRequest.Body.Multipart(parts), "setup"));
    }

    /** A request whose failure to answer is the caller's failure, not a finding. */
    public Answer call(Dialect dialect, FuzzRequest request) {
        try {
            RawHttp.Response response = send(dialect, request);
            return new Answer(response.status(), parse(response.body()), response.text());
        } catch (IOException e) {
            throw new UncheckedIOException(request.describe(dialect.prefix()) + ": " + e.getMessage(), e);
        }
    }

    /** {@code GET /observe/health/ready}: its status, or -1 when it does not answer in time. */
    public int readiness(Duration limit) {
        byte[] request = RawHttp.request("GET", "/observe/health/ready", address, Map.of(), new byte[0]);
        try {
            return RawHttp.exchange(address, Optional.empty(), request, limit).status();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A parsed answer. */
    public record Answer(int status, JsonNode json, String text) {
        public String field(String name) {
            return json.path(name).asText();
        }

        @Override
        public String toString() {
            String shown = text.replaceAll("\\s*\\R\\s*", " ");
            return "HTTP " + status + " " + (shown.length() > 300 ? shown.substring(0, 300) + "..." : shown);
        }
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    public static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
