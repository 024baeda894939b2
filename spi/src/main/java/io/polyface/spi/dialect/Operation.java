package io.polyface.spi.dialect;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * One endpoint of a vendor API.
 *
 * @param name a stable name for metrics and reports ("face.search")
 * @param methods the HTTP methods accepted
 * @param pathTemplate the vendor's path; segments in braces are parameters ("/v1/face/{id}")
 */
public record Operation(String name, Set<String> methods, String pathTemplate, OperationHandler handler) {
    public Operation {
        requireNonNull(name, "name is null");
        methods = Set.copyOf(requireNonNull(methods, "methods is null"));
        requireNonNull(pathTemplate, "pathTemplate is null");
        requireNonNull(handler, "handler is null");
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("operation " + name + " accepts no method");
        }
        if (!pathTemplate.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + pathTemplate);
        }
    }
}
