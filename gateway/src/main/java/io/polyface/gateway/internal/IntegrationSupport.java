package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.polyface.spi.dialect.Dialect;
import java.util.List;
import java.util.Map;

/**
 * What people and tools testing against Polyface use, beside the dialects themselves: the index at
 * {@code /} and {@code /admin}, the contracts at {@code /<id>/openapi.yaml|json}, their documentation
 * at {@code /docs}, and the request journal at {@code /admin/requests}.
 */
public final class IntegrationSupport {
    private final RequestJournal journal;
    private final ServedContracts contracts;
    private final GatewayIndex index;
    private volatile Map<String, Integer> ports = Map.of();

    public IntegrationSupport(List<Dialect> dialects, RequestJournal journal) {
        requireNonNull(dialects, "dialects is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.contracts = ServedContracts.of(dialects);
        this.index = new GatewayIndex(dialects.stream().map(Dialect::id).toList(), contracts, journal);
    }

    public RequestJournal journal() {
        return journal;
    }

    /** Tells the index the dialects' own ports, once the server has bound them. */
    public void listening(Map<String, Integer> dialectPorts) {
        this.ports = Map.copyOf(requireNonNull(dialectPorts, "dialectPorts is null"));
    }

    /**
     * Registers the main port's paths. Must come before the dialects' routes: a dialect takes every
     * path below its prefix, {@code /<id>/openapi.yaml} included.
     */
    public void register(HttpRouting.Builder routing, AdminAccess admin) {
        requireNonNull(admin, "admin is null");
        routing.get("/", (req, res) -> send(res, index.publicIndex(ports)));
        routing.get("/admin", admin.guard((req, res) -> send(res, index.adminIndex(ports))));
        contracts.register(routing);
        new DocsPage(contracts).register(routing);
        new JournalEndpoint(journal).register(routing, admin);
    }

    /** Registers a dialect's own port's {@code /openapi.yaml} and {@code /openapi.json}, before its routes. */
    public void registerOwnPort(HttpRouting.Builder routing, Dialect dialect) {
        contracts.registerOwnPort(routing, dialect.id());
    }

    private static void send(ServerResponse res, ObjectNode body) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toPrettyString());
    }
}
