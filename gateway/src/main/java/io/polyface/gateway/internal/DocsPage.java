package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code /docs} and {@code /docs/<id>}: the served contracts in Swagger UI, which the gateway bundles
 * (the {@code org.webjars:swagger-ui} jar) and serves from the class path at {@code /docs/assets/},
 * so the page works without a network. Only the files the page needs are served.
 *
 * <p>Thread-safe; files are read at their first request and kept.
 */
final class DocsPage {
    private static final String OWN = "io/polyface/gateway/docs/";
    private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** The viewer's files the page loads, and their types; anything else under /docs/assets is 404. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "swagger-ui.css", "text/css; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png",
            "polyface-docs.js", "text/javascript; charset=utf-8");

    private final ServedContracts contracts;
    private final Optional<String> webjarRoot;
    private final ResourceFiles files = new ResourceFiles();

    DocsPage(ServedContracts contracts) {
        this.contracts = requireNonNull(contracts, "contracts is null");
        this.webjarRoot = webjarVersion().map(v -> "META-INF/resources/webjars/swagger-ui/" + v + "/");
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/docs", (req, res) -> page(res, contracts.ids().stream().findFirst()));
        routing.get("/docs/assets/{file}", (req, res) -> asset(res, req.path().pathParameters().get("file")));
        routing.get("/docs/{id}", (req, res) -> {
            String id = req.path().pathParameters().get("id");
            if (contracts.has(id)) {
                page(res, Optional.of(id));
            } else {
                notFound(res, "no contract is served under '" + id + "'; see /docs");
            }
        });
    }

    private void page(ServerResponse res, Optional<String> primary) {
        if (webjarRoot.isEmpty()) {
            res.status(Status.SERVICE_UNAVAILABLE_503);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send("{\"error\":\"the documentation viewer (org.webjars:swagger-ui) is not on the class path\"}");
            return;
        }
        ObjectNode config = Json.object();
        ArrayNode urls = config.putArray("urls");
        for (String id : contracts.ids()) {
            String title = contracts.contract(id).map(ServedContracts.Contract::title).orElse(id);
            urls.addObject().put("name", id + ": " + title).put("url", ServedContracts.jsonPath(id));
            if (primary.filter(id::equals).isPresent()) {
                config.put("primary", id + ": " + title);
            }
        }
        // In a <script> element "</" would end it early.
        String html = new String(files.get(OWN + "index.html"), StandardCharsets.UTF_8)
                .replace("{{CONTRACTS}}", config.toString().replace("</", "<\\/"));
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(html);
    }

    private void asset(ServerResponse res, String name) {
        String type = ASSETS.get(name);
        Optional<String> resource = type == null ? Optional.empty()
                : name.startsWith("polyface-") ? Optional.of(OWN + name) : webjarRoot.map(root -> root + name);
        if (resource.isEmpty()) {
            notFound(res, "no such documentation asset");
            return;
        }
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=3600");
        res.send(files.get(resource.get()));
    }

    private static Optional<String> webjarVersion() {
        try (InputStream in = DocsPage.class.getClassLoader().getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version")).filter(v -> !v.isBlank());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void notFound(ServerResponse res, String message) {
        res.status(Status.NOT_FOUND_404);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.object().put("error", message).toString());
    }
}
