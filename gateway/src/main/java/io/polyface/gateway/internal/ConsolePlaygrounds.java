package io.polyface.gateway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console playground's scripts that the plugins bring: a plugin whose dialect can be searched
 * from the playground ships {@code META-INF/polyface/console/playground-<id>.js}, a module saying
 * how to list the dialect's collections and search one through the dialect's own API. The page
 * loads it from {@code /console/assets/playground-<id>.js}. Read once, for the served dialects only.
 *
 * <p>Immutable.
 */
final class ConsolePlaygrounds {
    static final String DIRECTORY = "META-INF/polyface/console/";
    private static final String PREFIX = "playground-";
    private static final String SUFFIX = ".js";

    private final Map<String, byte[]> scripts;

    private ConsolePlaygrounds(Map<String, byte[]> scripts) {
        this.scripts = Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
    }

    /** The scripts of {@code dialects} found through {@code loader}, in the dialects' order. */
    static ConsolePlaygrounds of(List<String> dialects, ClassLoader loader) {
        Map<String, byte[]> scripts = new LinkedHashMap<>();
        for (String id : dialects) {
            String resource = DIRECTORY + assetName(id);
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    scripts.put(id, in.readAllBytes());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return new ConsolePlaygrounds(scripts);
    }

    /** The served dialects that have a playground script. */
    List<String> dialects() {
        return new ArrayList<>(scripts.keySet());
    }

    /** The script an asset name such as {@code playground-dmai.js} stands for; empty for any other name. */
    Optional<byte[]> script(String assetName) {
        if (!assetName.startsWith(PREFIX) || !assetName.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        return Optional.ofNullable(scripts.get(assetName.substring(PREFIX.length(), assetName.length() - SUFFIX.length())));
    }

    private static String assetName(String dialect) {
        return PREFIX + dialect + SUFFIX;
    }
}
