package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.engine.ErasedTenant;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code POST /admin/reset}: erases tenants on the engines this gateway owns, as WireMock's {@code
 * /__admin/reset} does for its stubs, so that each test starts from nothing.
 *
 * <ul>
 *   <li>no parameter: every tenant of every local engine;
 *   <li>{@code tenant=T}: that tenant only;
 *   <li>{@code dialect=D}: the tenants dialect D acts for (its default tenant and those of its
 *       configured credentials);
 *   <li>{@code remote=true}: remote engines too. Without it they are skipped, and said so: their
 *       data lives on another server, which may be a real vendor's.
 * </ul>
 *
 * <p>Answers a JSON summary of what each engine lost: 200 when every engine asked was erased, 500
 * when one could not be (the summary names it and why), 400 for bad parameters. Dialects are told
 * which tenants were erased, so they forget what they keep in memory about them. Not atomic: a
 * request served meanwhile may leave something behind.
 */
public final class AdminReset implements Handler {
    public static final String PATH = "/admin/reset";
    private static final Set<String> PARAMETERS = Set.of("dialect", "tenant", "remote");
    private static final String REMOTE_TYPE = "remote";

    /** Which tenants a reset erases. */
    public sealed interface Scope {
        /** Every tenant an engine holds. */
        record Everything() implements Scope {
        }

        record Tenant(String tenant) implements Scope {
            public Tenant {
                requireNonNull(tenant, "tenant is null");
            }
        }

        record OfDialect(String dialect) implements Scope {
            public OfDialect {
                requireNonNull(dialect, "dialect is null");
            }
        }
    }

    /** What a reset did: its JSON summary, and whether every engine asked was erased. */
    public record Outcome(ObjectNode summary, boolean complete) {
        public Outcome {
            requireNonNull(summary, "summary is null");
        }
    }

    private final EngineRegistry engines;
    private final List<Dialect> dialects;
    private final Map<String, SortedSet<String>> dialectTenants;

    /**
     * @param defaultTenants each dialect's default tenant, by dialect id
     */
    public AdminReset(EngineRegistry engines, List<Dialect> dialects, Map<String, String> defaultTenants) {
        this.engines = requireNonNull(engines, "engines is null");
        this.dialects = List.copyOf(dialects);
        java.util.LinkedHashMap<String, SortedSet<String>> tenants = new java.util.LinkedHashMap<>();
        for (Dialect dialect : this.dialects) {
            SortedSet<String> own = new TreeSet<>(dialect.credentialTenants());
            own.add(requireNonNull(defaultTenants.get(dialect.id()), () -> "no default tenant for " + dialect.id()));
            tenants.put(dialect.id(), own);
        }
        this.dialectTenants = Map.copyOf(tenants);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Scope scope;
        boolean remote;
        try {
            for (String name : req.query().names()) {
                if (!PARAMETERS.contains(name)) {
                    throw new IllegalArgumentException("unknown parameter '" + name + "'; the parameters are dialect, tenant and remote");
                }
            }
            scope = scope(req.query().first("dialect").asOptional(), req.query().first("tenant").asOptional());
            remote = flag(req.query().first("remote").asOptional());
        } catch (IllegalArgumentException e) {
            ObjectNode error = Json.object().put("error", e.getMessage());
            send(res, Status.BAD_REQUEST_400, error);
            return;
        }
        Outcome outcome = reset(scope, remote);
        send(res, outcome.complete() ? Status.OK_200 : Status.INTERNAL_SERVER_ERROR_500, outcome.summary());
    }

    /** Erases the tenants of a scope on the local engines, and on the remote ones when asked. */
    public Outcome reset(Scope scope, boolean remote) {
        requireNonNull(scope, "scope is null");
        ObjectNode summary = Json.object();
        describe(scope, summary.putObject("scope"));
        ArrayNode engineNodes = summary.putArray("engines");
        long[] totals = new long[5];
        SortedSet<String> erased = new TreeSet<>();
        boolean complete = true;
        for (String name : engines.names()) {
            Optional<FaceEngine> engine = engines.engine(name);
            if (engine.isEmpty()) {
                continue; // replaced by a reload meanwhile
            }
            String type = engines.type(name).orElse("");
            ObjectNode node = engineNodes.addObject().put("engine", name).put("type", type);
            if (type.equals(REMOTE_TYPE) && !remote) {
                node.put("skipped", "a remote engine: its data lives on another server; add remote=true to erase it there too");
                continue;
            }
            ArrayNode tenantNodes = node.putArray("tenants");
            try {
                for (String tenant : tenantsOf(scope, engine.get())) {
                    ErasedTenant result = engine.get().eraseTenant(tenant);
                    erased.add(tenant);
                    if (!result.empty()) {
                        tenantNodes.add(counts(Json.object().put("tenant", tenant), result));
                    }
                    add(totals, result);
                }
            } catch (FaceException e) {
                complete = false;
                node.put("error", e.getMessage());
            }
        }
        ObjectNode sum = summary.putObject("erased");
        String[] names = {"collections", "faces", "images", "records", "featureJobs"};
        for (int i = 0; i < names.length; i++) {
            sum.put(names[i], totals[i]);
        }
        for (Dialect dialect : dialects) {
            erased.forEach(dialect::tenantErased);
        }
        return new Outcome(summary, complete);
    }

    private Scope scope(Optional<String> dialect, Optional<String> tenant) {
        if (dialect.isPresent() && tenant.isPresent()) {
            throw new IllegalArgumentException("give dialect or tenant, not both");
        }
        if (tenant.isPresent()) {
            if (tenant.get().isBlank()) {
                throw new IllegalArgumentException("tenant is empty");
            }
            return new Scope.Tenant(tenant.get());
        }
        if (dialect.isPresent()) {
            if (!dialectTenants.containsKey(dialect.get())) {
                throw new IllegalArgumentException("no dialect '" + dialect.get() + "' is served; the dialects are "
                        + dialectTenants.keySet().stream().sorted().toList());
            }
            return new Scope.OfDialect(dialect.get());
        }
        return new Scope.Everything();
    }

    private static boolean flag(Optional<String> value) {
        return switch (value.orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("remote must be true or false, not '" + value.get() + "'");
        };
    }

    private SortedSet<String> tenantsOf(Scope scope, FaceEngine engine) {
        return switch (scope) {
            case Scope.Everything everything -> engine.tenants();
            case Scope.Tenant one -> new TreeSet<>(Set.of(one.tenant()));
            case Scope.OfDialect of -> dialectTenants.get(of.dialect());
        };
    }

    private void describe(Scope scope, ObjectNode node) {
        switch (scope) {
            case Scope.Everything everything -> node.put("all", true);
            case Scope.Tenant one -> node.put("tenant", one.tenant());
            case Scope.OfDialect of -> {
                node.put("dialect", of.dialect());
                dialectTenants.get(of.dialect()).forEach(node.putArray("tenants")::add);
            }
        }
    }

    private static ObjectNode counts(ObjectNode node, ErasedTenant result) {
        return node.put("collections", result.collections()).put("faces", result.faces()).put("images", result.images())
                .put("records", result.records()).put("featureJobs", result.featureJobs());
    }

    private static void add(long[] totals, ErasedTenant result) {
        totals[0] += result.collections();
        totals[1] += result.faces();
        totals[2] += result.images();
        totals[3] += result.records();
        totals[4] += result.featureJobs();
    }

    private static void send(ServerResponse res, Status status, ObjectNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toPrettyString());
    }
}
