package io.polyface.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code polyface journal [--url URL] [--dialect D] [--token T] [--limit N]}: prints a running
 * gateway's request journal ({@code GET /admin/requests}), one line per exchange, oldest first. The
 * token may come from {@code POLYFACE_ADMIN_TOKEN} instead, which keeps it out of the process list.
 */
final class JournalDump {
    static final String TOKEN_VARIABLE = "POLYFACE_ADMIN_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPTIONS = Set.of("url", "dialect", "token", "limit");

    private JournalDump() {
    }

    static void run(String[] args, Optional<String> tokenFromEnvironment, PrintStream out) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--") || !OPTIONS.contains(flag.substring(2))) {
                throw new Main.UsageException("Unknown option " + flag + ".");
            }
            if (i + 1 >= args.length) {
                throw new Main.UsageException("Option " + flag + " needs a value.");
            }
            flags.put(flag.substring(2), args[++i]);
        }
        String base = flags.getOrDefault("url", "http://127.0.0.1:8080").replaceAll("/+$", "");
        List<String> query = new ArrayList<>();
        Optional.ofNullable(flags.get("dialect")).ifPresent(d -> query.add("dialect=" + URLEncoder.encode(d, StandardCharsets.UTF_8)));
        Optional.ofNullable(flags.get("limit")).ifPresent(l -> query.add("limit=" + URLEncoder.encode(l, StandardCharsets.UTF_8)));
        URI uri;
        try {
            uri = URI.create(base + "/admin/requests" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--url is not a URL: " + base + ".");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        Optional.ofNullable(flags.get("token")).or(() -> tokenFromEnvironment)
                .ifPresent(t -> request.header("Authorization", "Bearer " + t));
        JsonNode journal = fetch(request.build());
        if (!journal.path("enabled").asBoolean()) {
            out.println("The journal of " + base + " is off: start the gateway with journal.size set (exchanges kept per dialect).");
            return;
        }
        JsonNode requests = journal.path("requests");
        for (int i = requests.size() - 1; i >= 0; i--) {
            out.println(line(requests.get(i)));
        }
    }

    /** {@code TIME DIALECT METHOD PATH[?QUERY] -> STATUS (MS ms) OPERATION [tenant T]}. */
    static String line(JsonNode exchange) {
        StringBuilder line = new StringBuilder()
                .append(exchange.path("time").asText()).append(' ')
                .append(exchange.path("dialect").asText()).append(' ')
                .append(exchange.path("method").asText()).append(' ')
                .append(exchange.path("path").asText());
        List<String> parameters = new ArrayList<>();
        exchange.path("query").properties().forEach(p -> p.getValue().forEach(v -> parameters.add(p.getKey() + "=" + v.asText())));
        if (!parameters.isEmpty()) {
            line.append('?').append(String.join("&", parameters));
        }
        line.append(" -> ").append(exchange.path("status").asInt())
                .append(" (").append(exchange.path("durationMs").asText()).append(" ms) ")
                .append(exchange.path("operation").asText());
        if (exchange.hasNonNull("tenant")) {
            line.append(" [tenant ").append(exchange.path("tenant").asText()).append(']');
        }
        return line.toString();
    }

    private static JsonNode fetch(HttpRequest request) {
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Main.CommandFailed("nothing answers at " + request.uri() + "; is the gateway running (--url)?", e);
        } catch (IOException e) {
            throw new Main.CommandFailed("cannot read " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Main.CommandFailed("interrupted", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new Main.CommandFailed(request.uri() + " answered " + response.statusCode() + " with something other than JSON;"
                    + " is it a Polyface gateway?", e);
        }
        if (response.statusCode() != 200) {
            String hint = response.statusCode() == 401 ? " (give the admin token: --token or " + TOKEN_VARIABLE + ")" : "";
            throw new Main.CommandFailed(request.uri() + " answered " + response.statusCode() + ": "
                    + body.path("error").asText("") + hint, null);
        }
        return body;
    }
}
