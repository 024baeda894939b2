package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.polyface.protocol.NativeProtocol;
import io.polyface.spi.dialect.Dialect;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI contracts of the dialects served ({@code contract/<id>-openapi.yaml} in each plugin) and
 * of the native protocol ({@value NativeProtocol#CONTRACT_RESOURCE}), each as YAML and as JSON at
 * {@code /<id>/openapi.yaml} and {@code /<id>/openapi.json}. A contract is served as committed in its
 * own format and converted with Jackson for the other; both are read at their first request and kept.
 *
 * <p>Thread-safe.
 */
public final class ServedContracts {
    /** The id the native protocol's contract is served under. */
    public static final String NATIVE = "native";

    /** Reads YAML as Jackson's defaults do (an empty value is null), as the conformance tests read the contracts. */
    private static final YAMLMapper YAML_READER = new YAMLMapper();
    private static final YAMLMapper YAML_WRITER = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    /** Where a contract comes from; {@code json} says which format it is committed in. */
    private record Source(ClassLoader loader, String resource, boolean json) {
    }

    /**
     * One contract in both formats.
     *
     * @param title the contract's {@code info.title}
     */
    public record Contract(String id, String title, byte[] yaml, byte[] json) {
        public Contract {
            requireNonNull(id, "id is null");
            requireNonNull(title, "title is null");
            requireNonNull(yaml, "yaml is null");
            requireNonNull(json, "json is null");
        }
    }

    private final Map<String, Source> sources;
    private final Map<String, Contract> loaded = new ConcurrentHashMap<>();

    private ServedContracts(Map<String, Source> sources) {
        this.sources = sources;
    }

    /** The contracts of these dialects (those that ship one) and of the native protocol. */
    public static ServedContracts of(List<Dialect> dialects) {
        Map<String, Source> sources = new LinkedHashMap<>();
        for (Dialect dialect : dialects) {
            Source source = new Source(dialect.getClass().getClassLoader(), "contract/" + dialect.id() + "-openapi.yaml", false);
            if (source.loader().getResource(source.resource()) != null) {
                sources.put(dialect.id(), source);
            }
        }
        Source nativeContract = new Source(NativeProtocol.class.getClassLoader(), NativeProtocol.CONTRACT_RESOURCE, true);
        if (nativeContract.loader().getResource(nativeContract.resource()) != null) {
            sources.put(NATIVE, nativeContract);
        }
        return new ServedContracts(java.util.Collections.unmodifiableMap(sources));
    }

    /** The ids that have a contract: dialects in their configured order, then {@value #NATIVE}. */
    public List<String> ids() {
        return List.copyOf(sources.keySet());
    }

    public boolean has(String id) {
        return sources.containsKey(id);
    }

    public static String yamlPath(String id) {
        return "/" + id + "/openapi.yaml";
    }

    public static String jsonPath(String id) {
        return "/" + id + "/openapi.json";
    }

    /** The contract of a dialect (or {@value #NATIVE}); empty when it ships none. */
    public Optional<Contract> contract(String id) {
        requireNonNull(id, "id is null");
        Source source = sources.get(id);
        if (source == null) {
            return Optional.empty();
        }
        return Optional.of(loaded.computeIfAbsent(id, k -> load(k, source)));
    }

    /** {@code /<id>/openapi.yaml} and {@code .json} for every contract, on the main port. */
    void register(HttpRouting.Builder routing) {
        for (String id : sources.keySet()) {
            routing.get(yamlPath(id), handler(id, false));
            routing.get(jsonPath(id), handler(id, true));
        }
    }

    /** {@code /openapi.yaml} and {@code .json} on a dialect's own port, when the dialect has a contract. */
    void registerOwnPort(HttpRouting.Builder routing, String id) {
        if (has(id)) {
            routing.get("/openapi.yaml", handler(id, false));
            routing.get("/openapi.json", handler(id, true));
        }
    }

    private Handler handler(String id, boolean json) {
        return (req, res) -> {
            Contract contract = contract(id).orElseThrow();
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, json ? "application/json" : "application/yaml; charset=utf-8");
            // Public documents: editors and viewers on other origins may load them.
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            res.send(json ? contract.json() : contract.yaml());
        };
    }

    private static Contract load(String id, Source source) {
        try (InputStream in = source.loader().getResourceAsStream(source.resource())) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the contract " + source.resource() + " is gone from the class path"));
            }
            byte[] committed = in.readAllBytes();
            JsonNode tree = source.json() ? Json.PLAIN.readTree(committed) : YAML_READER.readTree(committed);
            String title = tree.path("info").path("title").asText(id);
            byte[] yaml = source.json() ? YAML_WRITER.writeValueAsBytes(tree) : committed;
            byte[] json = source.json() ? committed : Json.PLAIN.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
            return new Contract(id, title, yaml, json);
        } catch (IOException e) {
            throw new UncheckedIOException("the contract " + source.resource() + " cannot be read", e);
        }
    }
}
