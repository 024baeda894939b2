package io.polyface.gateway.internal;

import java.util.List;
import java.util.Optional;

/**
 * The console playground's scripts that the plugins bring: a plugin whose dialect can be searched
 * from the playground ships {@code META-INF/polyface/console/playground-<id>.js}, a module saying
 * how to list the dialect's collections and search one through the dialect's own API. The page
 * loads it from {@code /console/assets/playground-<id>.js}. Which served dialects have one is found
 * once; the scripts are read as any page file is ({@link ResourceFiles}).
 *
 * <p>Immutable.
 */
final class ConsolePlaygrounds {
    static final String DIRECTORY = "META-INF/polyface/console/";
    private static final String PREFIX = "playground-";
    private static final String SUFFIX = ".js";

    private final List<String> dialects;

    private ConsolePlaygrounds(List<String> dialects) {
        this.dialects = List.copyOf(dialects);
    }

    /** The dialects of {@code dialects} whose script {@code loader} finds, in the dialects' order. */
    static ConsolePlaygrounds of(List<String> dialects, ClassLoader loader) {
        return new ConsolePlaygrounds(dialects.stream().filter(id -> loader.getResource(DIRECTORY + assetName(id)) != null).toList());
    }

    /** The served dialects that have a playground script. */
    List<String> dialects() {
        return dialects;
    }

    /** The class-path resource of the script an asset name such as {@code playground-dmai.js} stands for; empty for any other name. */
    Optional<String> resource(String assetName) {
        if (!assetName.startsWith(PREFIX) || !assetName.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String id = assetName.substring(PREFIX.length(), assetName.length() - SUFFIX.length());
        return dialects.contains(id) ? Optional.of(DIRECTORY + assetName) : Optional.empty();
    }

    private static String assetName(String dialect) {
        return PREFIX + dialect + SUFFIX;
    }
}
