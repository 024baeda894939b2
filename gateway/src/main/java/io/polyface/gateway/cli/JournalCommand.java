package io.polyface.gateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code polyface journal}: prints a running gateway's request journal ({@code GET
 * /admin/requests}), one line per exchange, oldest first. The token may come from {@code
 * POLYFACE_ADMIN_TOKEN} instead, which keeps it out of the process list.
 */
@Command(name = "journal", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Prints a running gateway's request journal, one line per exchange, oldest first.")
final class JournalCommand implements Callable<Integer> {
    static final String TOKEN_VARIABLE = "POLYFACE_ADMIN_TOKEN";

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The gateway (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--dialect", paramLabel = "D", description = "Only this dialect's exchanges (or native).")
    String dialect;

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:" + TOKEN_VARIABLE + "}",
            description = "The admin token, when the gateway has one (default: $" + TOKEN_VARIABLE + ").")
    String token;

    @Option(names = "--limit", paramLabel = "N", description = "The newest N exchanges only.")
    Integer limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String base = url.replaceAll("/+$", "");
        List<String> query = new ArrayList<>();
        Optional.ofNullable(dialect).ifPresent(d -> query.add("dialect=" + URLEncoder.encode(d, StandardCharsets.UTF_8)));
        Optional.ofNullable(limit).ifPresent(l -> query.add("limit=" + l));
        HttpRequest.Builder request;
        try {
            URI uri = URI.create(base + "/admin/requests" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
            request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--url is not an http:// URL: " + base + ".");
        }
        Optional.ofNullable(token).filter(t -> !t.isBlank()).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        JsonNode journal = fetch(request.build());
        if (!journal.path("enabled").asBoolean()) {
            out.println("The journal of " + base + " is off: start the gateway with journal.size set (exchanges kept per dialect).");
            return 0;
        }
        JsonNode requests = journal.path("requests");
        for (int i = requests.size() - 1; i >= 0; i--) {
            out.println(line(requests.get(i)));
        }
        return 0;
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
            throw new CommandFailed("nothing answers at " + request.uri() + "; is the gateway running (--url)?", e);
        } catch (IOException e) {
            throw new CommandFailed("cannot read " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed("interrupted", e);
        }
        JsonNode body;
        try {
            body = Json.PLAIN.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new CommandFailed(request.uri() + " answered " + response.statusCode() + " with something other than JSON;"
                    + " is it a Polyface gateway?", e);
        }
        if (response.statusCode() != 200) {
            String hint = response.statusCode() == 401 ? " (give the admin token: --token or " + TOKEN_VARIABLE + ")" : "";
            throw new CommandFailed(request.uri() + " answered " + response.statusCode() + ": "
                    + body.path("error").asText("") + hint, null);
        }
        return body;
    }
}
