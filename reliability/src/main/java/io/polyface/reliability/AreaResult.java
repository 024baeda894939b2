package io.polyface.reliability;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one area found: how many checks it tried, how many passed, what failed (one line each),
 * and notes worth printing either way (sizes used, times measured).
 */
public record AreaResult(Area area, int tried, int passed, List<String> failures, List<String> notes) {
    public AreaResult {
        requireNonNull(area, "area is null");
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
        if (tried < 0 || passed < 0 || passed > tried) {
            throw new IllegalArgumentException("tried " + tried + ", passed " + passed);
        }
    }

    public int failed() {
        return tried - passed;
    }

    /** The area's line: {@code fuzzer: 400 tried, 400 passed, 0 failed}. */
    public String line() {
        return area.title() + ": " + tried + " tried, " + passed + " passed, " + failed() + " failed";
    }
}
