package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** One page of a listing and the marker that fetches the next, absent on the last page. */
public record Page<T>(List<T> items, Optional<String> nextMarker) {
    public Page {
        items = List.copyOf(requireNonNull(items, "items is null"));
        requireNonNull(nextMarker, "nextMarker is null");
    }
}
