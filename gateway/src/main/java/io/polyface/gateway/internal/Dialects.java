package io.polyface.gateway.internal;

import io.helidon.config.Config;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectProvider;
import io.polyface.spi.dialect.EngineRouter;
import io.polyface.spi.dialect.ImageFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dialects part of the gateway's start-up: which dialects {@code dialects.enabled} names, the
 * fetcher of images named by URL, the tenant each dialect serves, and the dialects themselves.
 */
public final class Dialects {
    private Dialects() {
    }

    /**
     * The providers of the dialects named in {@code dialects.enabled}, in that order; without the key,
     * every dialect found on the class path, by id.
     */
    public static Map<String, DialectProvider> enabled(Config dialectsConfig) {
        Map<String, DialectProvider> found = Plugins.discover(DialectProvider.class, DialectProvider::id);
        List<String> enabled = dialectsConfig.get("enabled").asList(String.class)
                .orElseGet(() -> found.keySet().stream().sorted().toList());
        Map<String, DialectProvider> chosen = new LinkedHashMap<>();
        for (String id : enabled) {
            DialectProvider provider = Optional.ofNullable(found.get(id)).orElseThrow(() -> new StartupException(
                    "dialects.enabled names '" + id + "', but the dialects found are " + found.keySet() + "."));
            if (chosen.putIfAbsent(id, provider) != null) {
                throw new StartupException("Dialect '" + id + "' is listed twice in dialects.enabled.");
            }
        }
        if (chosen.isEmpty()) {
            throw new StartupException("dialects.enabled is empty; name at least one of " + found.keySet() + ".");
        }
        return chosen;
    }

    /** The fetcher of images named by URL, from {@code fetch.*}. */
    public static ImageFetcher imageFetcher(Config fetch) {
        Set<String> allowed = new HashSet<>();
        fetch.get("allow-hosts").asList(String.class).orElse(List.of())
                .forEach(h -> allowed.add(h.strip().toLowerCase(Locale.ROOT)));
        return new HttpImageFetcher(
                fetch.get("connect-timeout").as(Duration.class).orElse(Duration.ofSeconds(3)),
                fetch.get("timeout").as(Duration.class).orElse(Duration.ofSeconds(10)),
                fetch.get("max-bytes").asLong().orElse(16L << 20),
                allowed);
    }

    /** The tenant a dialect acts for when a request carries no credential: its setting, else its own name. */
    public static String tenantOf(Config dialectsConfig, String dialectId) {
        return dialectsConfig.get(dialectId + ".tenant").asString().orElse(dialectId);
    }

    /** The dialects of the providers, each with its own section of {@code dialects.*} and its tenant. */
    public static List<Dialect> create(Config dialectsConfig, Map<String, DialectProvider> providers,
            EngineRouter router, ImageFetcher fetcher) {
        List<Dialect> dialects = new ArrayList<>();
        providers.forEach((id, provider) -> {
            Config own = dialectsConfig.get(id);
            try {
                dialects.add(provider.create(new DialectContext(
                        router, ConfigMaps.flatten(own), tenantOf(dialectsConfig, id), Clock.systemUTC(), fetcher)));
            } catch (IllegalArgumentException | IllegalStateException | java.time.DateTimeException e) {
                // A value the schema cannot judge (a time zone, a date): the plugin's own words, with the section.
                throw new StartupException("dialects." + id + ": " + e.getMessage() + ".", e);
            }
        });
        return List.copyOf(dialects);
    }
}
