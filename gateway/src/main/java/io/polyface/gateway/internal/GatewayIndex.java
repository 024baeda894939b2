package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.protocol.NativeProtocol;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What {@code GET /} and {@code GET /admin} answer: the gateway's name and version, its dialects
 * with their base paths, own ports and contract URLs, and where health, metrics, the documentation
 * and the admin paths are. The public index names nothing secret; the admin one adds the journal's
 * state. Paths are relative to the server, so they hold behind a proxy too.
 */
final class GatewayIndex {
    private static final String VERSION = version();

    private final List<String> dialects;
    private final ServedContracts contracts;
    private final RequestJournal journal;

    GatewayIndex(List<String> dialects, ServedContracts contracts, RequestJournal journal) {
        this.dialects = List.copyOf(requireNonNull(dialects, "dialects is null"));
        this.contracts = requireNonNull(contracts, "contracts is null");
        this.journal = requireNonNull(journal, "journal is null");
    }

    static String version() {
        try (InputStream in = GatewayIndex.class.getResourceAsStream("/io/polyface/gateway/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** @param ports each dialect's own port, for those that have one */
    ObjectNode publicIndex(Map<String, Integer> ports) {
        ObjectNode root = Json.object();
        root.put("name", "Polyface");
        root.put("version", VERSION);
        ArrayNode list = root.putArray("dialects");
        for (String id : dialects) {
            ObjectNode dialect = list.addObject();
            dialect.put("id", id);
            dialect.put("basePath", "/" + id);
            if (ports.containsKey(id)) {
                dialect.put("port", ports.get(id));
            }
            contract(dialect, id);
        }
        ObjectNode nativeProtocol = root.putObject("native");
        nativeProtocol.put("basePath", NativeProtocol.PATH_PREFIX.substring(0, NativeProtocol.PATH_PREFIX.length() - 1));
        contract(nativeProtocol, ServedContracts.NATIVE);
        root.put("docs", "/docs");
        ObjectNode observe = root.putObject("observe");
        observe.put("health", "/observe/health");
        observe.put("metrics", "/observe/metrics");
        ObjectNode admin = root.putObject("admin");
        admin.put("index", "/admin");
        admin.put("dialects", "/admin/dialects");
        admin.put("routes", "/admin/routes");
        admin.put("shadow", "/admin/shadow");
        admin.put("requests", JournalEndpoint.PATH);
        admin.put("reset", AdminReset.PATH);
        admin.put("console", ConsoleSupport.PAGE);
        return root;
    }

    ObjectNode adminIndex(Map<String, Integer> ports) {
        ObjectNode root = publicIndex(ports);
        ObjectNode state = root.putObject("journal");
        state.put("enabled", journal.on());
        state.put("size", journal.settings().size());
        state.put("maxBodyBytes", journal.settings().maxBodyBytes());
        return root;
    }

    private void contract(ObjectNode node, String id) {
        if (contracts.has(id)) {
            ObjectNode contract = node.putObject("contract");
            contract.put("yaml", ServedContracts.yamlPath(id));
            contract.put("json", ServedContracts.jsonPath(id));
            node.put("docs", "/docs/" + id);
        }
    }
}
