package io.polyface.gateway.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A vendor path such as {@code /v1/face/{id}}: literal segments and one-segment parameters. */
public final class PathTemplate {
    private final String template;
    private final List<String> segments;

    public PathTemplate(String template) {
        this.template = template;
        this.segments = split(template);
    }

    /** The parameter values when the path matches, empty otherwise. Trailing slashes are ignored. */
    public Optional<Map<String, String>> match(String path) {
        List<String> parts = split(path);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String expected = segments.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                parameters.put(expected.substring(1, expected.length() - 1), parts.get(i));
            } else if (!expected.equals(parts.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    @Override
    public String toString() {
        return template;
    }

    private static List<String> split(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
