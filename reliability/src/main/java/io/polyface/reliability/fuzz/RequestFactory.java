package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.reliability.Photos;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Makes the valid request of an operation from its contract: path parameters filled in, query
 * parameters (required ones, optional ones now and then), and a body of one of the media types
 * the operation takes, built from that type's schema.
 */
public final class RequestFactory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Dialect, SchemaSampler> samplers;
    private final Fixtures fixtures;
    private final Photos photos;

    public RequestFactory(Map<Dialect, SchemaSampler> samplers, Fixtures fixtures, Photos photos) {
        this.samplers = Map.copyOf(samplers);
        this.fixtures = requireNonNull(fixtures, "fixtures is null");
        this.photos = requireNonNull(photos, "photos is null");
    }

    public SchemaSampler sampler(Dialect dialect) {
        return samplers.get(dialect);
    }

    public FuzzRequest baseline(Operation operation, Random random) {
        SchemaSampler sampler = sampler(operation.dialect());
        String template = operation.pathTemplate();
        String path = template;
        for (Operation.Parameter parameter : operation.pathParameters()) {
            String value = fixtures.value(operation.dialect(), template, parameter.name()).map(JsonNode::asText)
                    .orElseGet(() -> sampler.sample(template, parameter.schema(), parameter.name(), random).asText());
            path = path.replace("{" + parameter.name() + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        List<FuzzRequest.Field> query = new ArrayList<>();
        boolean paramsInBody = !operation.bodies().isEmpty() && sampler.plan().bodyReplacesQuery();
        if (!paramsInBody) {
            for (Operation.Parameter parameter : operation.queryParameters()) {
                if (parameter.name().startsWith("api_") || parameter.name().equals("url")) {
                    continue;
                }
                // An optional parameter the set-up made a value for (a face_id it captured) is always sent.
                boolean fixed = fixtures.value(operation.dialect(), template, parameter.name()).isPresent();
                if (parameter.required() || fixed || random.nextInt(10) < 6) {
                    query.add(new FuzzRequest.Field(parameter.name(), text(sampler.sample(template, parameter.schema(), parameter.name(), random))));
                }
            }
        }
        return new FuzzRequest(operation.method(), path, query, body(operation, random), "baseline");
    }

    private FuzzRequest.Body body(Operation operation, Random random) {
        if (operation.bodies().isEmpty()) {
            return new FuzzRequest.Body.None();
        }
        List<String> types = new ArrayList<>(operation.bodies().keySet());
        String type = types.get(random.nextInt(types.size()));
        SchemaSampler sampler = sampler(operation.dialect());
        JsonNode schema = operation.bodies().get(type);
        JsonNode value = sampler.sample(operation.pathTemplate(), schema, "", random);
        if (type.contains("json")) {
            return new FuzzRequest.Body.Json(value);
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            List<FuzzRequest.Field> fields = new ArrayList<>();
            value.properties().forEach(member -> fields.add(new FuzzRequest.Field(member.getKey(), text(member.getValue()))));
            return new FuzzRequest.Body.Form(fields);
        }
        if (type.startsWith("multipart/")) {
            return multipart(operation, schema, value, random);
        }
        return new FuzzRequest.Body.Raw(FuzzRequest.json(value), Optional.of(type));
    }

    /** Text members as text parts, files as file parts, and FacePass's image part for each track of face_data. */
    private FuzzRequest.Body.Multipart multipart(Operation operation, JsonNode schema, JsonNode value, Random random) {
        SchemaSampler sampler = sampler(operation.dialect());
        JsonNode properties = sampler.properties(schema);
        List<FuzzRequest.Part> parts = new ArrayList<>();
        value.properties().forEach(member -> {
            JsonNode memberSchema = properties.path(member.getKey());
            if (!memberSchema.isMissingNode() && sampler.binary(memberSchema)) {
                parts.add(FuzzRequest.Part.file(member.getKey(), Base64.getDecoder().decode(member.getValue().asText())));
            } else {
                parts.add(FuzzRequest.Part.text(member.getKey(), text(member.getValue())));
            }
        });
        if (value.has("face_data")) {
            try {
                for (JsonNode face : JSON.readTree(value.get("face_data").asText()).path("faces")) {
                    parts.add(FuzzRequest.Part.file("image_" + face.path("track_id").asText(), photos.face(random)));
                }
            } catch (IOException e) {
                throw new IllegalStateException("the sampler wrote face_data that is not JSON", e);
            }
        }
        return new FuzzRequest.Body.Multipart(parts);
    }

    /** A value as a text field: strings as they are, arrays comma-joined (SenseTime's array form), the rest as JSON. */
    static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
            return String.join(",", items);
        }
        return value.toString();
    }

    /** An empty JSON object, for bodies the fuzzer builds by hand. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
