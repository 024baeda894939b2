package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

/** A collection of faces inside one tenant's namespace. */
public record CollectionRef(String tenant, String name) {
    public CollectionRef {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(name, "name is null");
    }

    @Override
    public String toString() {
        return tenant + "/" + name;
    }
}
