package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.polyface.reliability.GatewayClient;
import io.polyface.reliability.Photos;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends, in each dialect, the set-up requests its contract lists ({@link SetupPlan}), so that valid
 * requests find the objects the {@link Fixtures} name, and records the ids the gateway hands out.
 * Run again before each pass, since the fuzzer deletes them too; what fails here is noted, not
 * counted: the fuzzer then samples the ids instead.
 */
final class FuzzSetup {
    /** A whole text that is a placeholder: {@code ${photo:0}}, {@code ${face_token}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(?:(photo|photo-uri|photo-file):(\\d+)|([^}:]+))}");

    private final GatewayClient client;
    private final Fixtures fixtures;
    private final Photos photos;
    private final List<ContractDocument> contracts;
    private final Consumer<String> notes;

    /** @param contracts the dialects' contracts, whose set-up plans are run in this order */
    FuzzSetup(GatewayClient client, Fixtures fixtures, Photos photos, List<ContractDocument> contracts, Consumer<String> notes) {
        this.client = requireNonNull(client, "client is null");
        this.fixtures = requireNonNull(fixtures, "fixtures is null");
        this.photos = requireNonNull(photos, "photos is null");
        this.contracts = List.copyOf(contracts);
        this.notes = requireNonNull(notes, "notes is null");
    }

    /** @param nativeCreate the native protocol's valid createCollection request, if its contract has one */
    void run(Optional<FuzzRequest> nativeCreate) {
        for (ContractDocument contract : contracts) {
            Dialect dialect = contract.dialect();
            step(dialect, () -> contract.setupPlan().requests().forEach(request -> send(dialect, request)));
        }
        nativeCreate.ifPresent(request -> step(Dialect.NATIVE, () -> client.call(Dialect.NATIVE, request)));
    }

    private void step(Dialect dialect, Runnable step) {
        try {
            step.run();
        } catch (UncheckedIOException | IllegalStateException e) {
            notes.accept("fuzzer set-up, " + dialect.id() + ": " + e.getMessage());
        }
    }

    private void send(Dialect dialect, SetupPlan.Step step) {
        FuzzRequest.Body body = step.json().<FuzzRequest.Body>map(json -> new FuzzRequest.Body.Json(fill(dialect, step, json)))
                .or(() -> step.multipart().map(parts -> multipart(dialect, step, parts)))
                .orElseGet(FuzzRequest.Body.None::new);
        GatewayClient.Answer answer = client.call(dialect, new FuzzRequest(step.method(), step.path(), List.of(), body, "setup"));
        step.captures().forEach((name, pointer) -> {
            JsonNode value = answer.json().at(pointer);
            if (value.isMissingNode() || value.isNull() || value.asText().isEmpty()) {
                throw new IllegalStateException(step + ": no " + pointer + " to capture as " + name + ": " + answer);
            }
            fixtures.put(dialect, name, value);
        });
    }

    private FuzzRequest.Body.Multipart multipart(Dialect dialect, SetupPlan.Step step, JsonNode parts) {
        List<FuzzRequest.Part> list = new ArrayList<>();
        parts.properties().forEach(part -> {
            Matcher placeholder = PLACEHOLDER.matcher(part.getValue().asText());
            if (placeholder.matches() && "photo-file".equals(placeholder.group(1))) {
                list.add(FuzzRequest.Part.file(part.getKey(), photos.face(Integer.parseInt(placeholder.group(2)))));
            } else {
                list.add(FuzzRequest.Part.text(part.getKey(), RequestFactory.text(fill(dialect, step, part.getValue()))));
            }
        });
        return new FuzzRequest.Body.Multipart(list);
    }

    /** The value with its placeholders replaced. */
    private JsonNode fill(Dialect dialect, SetupPlan.Step step, JsonNode value) {
        if (value.isObject()) {
            ObjectNode filled = JsonNodeFactory.instance.objectNode();
            value.properties().forEach(member -> filled.set(member.getKey(), fill(dialect, step, member.getValue())));
            return filled;
        }
        if (value.isArray()) {
            ArrayNode filled = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> filled.add(fill(dialect, step, item)));
            return filled;
        }
        Matcher placeholder = PLACEHOLDER.matcher(value.asText());
        if (!value.isTextual() || !placeholder.matches()) {
            return value;
        }
        if (placeholder.group(3) != null) {
            return fixtures.value(dialect, placeholder.group(3)).orElseThrow(() -> new IllegalStateException(step + ": no value "
                    + placeholder.group(3) + " (neither in values nor captured by an earlier request)"));
        }
        byte[] photo = photos.face(Integer.parseInt(placeholder.group(2)));
        return switch (placeholder.group(1)) {
            case "photo" -> TextNode.valueOf(Photos.base64(photo));
            case "photo-uri" -> TextNode.valueOf(Photos.dataUri(photo));
            default -> throw new IllegalStateException(step + ": " + value.asText() + " is a multipart part only");
        };
    }
}
