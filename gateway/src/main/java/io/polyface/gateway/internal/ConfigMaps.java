package io.polyface.gateway.internal;

import io.helidon.config.Config;
import java.util.Map;
import java.util.TreeMap;

/** Flattens a configuration subtree into the dotted-key maps the SPI hands to plugins. */
public final class ConfigMaps {
    private ConfigMaps() {
    }

    public static Map<String, String> flatten(Config node) {
        Map<String, String> settings = new TreeMap<>();
        if (!node.exists()) {
            return settings;
        }
        String prefix = node.key().toString();
        int cut = prefix.isEmpty() ? 0 : prefix.length() + 1;
        node.traverse()
                .filter(Config::isLeaf)
                .forEach(leaf -> leaf.asString().ifPresent(v -> settings.put(leaf.key().toString().substring(cut), v)));
        return settings;
    }
}
