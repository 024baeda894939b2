package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the console reads besides the running gateway: {@code console.coverage-dir} (a conformance
 * report directory), {@code console.calibration-dir} (a {@code polyface calibrate} report), and
 * the tenants whose feature jobs it lists: each dialect's own, and {@code console.tenants}.
 *
 * @param dialectTenants each served dialect and the tenant it acts for without a credential, in order
 * @param extraTenants more tenants to list feature jobs of (access keys, accounts)
 */
public record ConsoleSettings(Optional<Path> coverageDir, Optional<Path> calibrationDir, Map<String, String> dialectTenants,
        List<String> extraTenants) {

    public ConsoleSettings {
        requireNonNull(coverageDir, "coverageDir is null");
        requireNonNull(calibrationDir, "calibrationDir is null");
        dialectTenants = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(dialectTenants, "dialectTenants is null")));
        extraTenants = List.copyOf(requireNonNull(extraTenants, "extraTenants is null"));
    }

    /** From the whole configuration; a dialect's tenant is {@code dialects.<id>.tenant}, else its id, as the gateway has it. */
    static ConsoleSettings of(Config root, List<String> dialects) {
        Map<String, String> tenants = new LinkedHashMap<>();
        dialects.forEach(id -> tenants.put(id, root.get("dialects." + id + ".tenant").asString().orElse(id)));
        Config console = root.get("console");
        return new ConsoleSettings(directory(console.get("coverage-dir")), directory(console.get("calibration-dir")), tenants,
                console.get("tenants").asList(String.class).orElse(List.of()));
    }

    public List<String> dialects() {
        return List.copyOf(dialectTenants.keySet());
    }

    /** Every tenant to ask for feature jobs, each once. */
    public List<String> tenants() {
        Set<String> all = new LinkedHashSet<>(dialectTenants.values());
        all.addAll(extraTenants);
        return List.copyOf(all);
    }

    private static Optional<Path> directory(Config node) {
        return node.asString().asOptional().filter(s -> !s.isBlank()).map(s -> Path.of(s).toAbsolutePath().normalize());
    }
}
