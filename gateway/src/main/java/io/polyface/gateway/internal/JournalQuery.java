package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The filters of {@code GET /admin/requests}: {@code dialect} (exact), {@code status} ({@code 404}, or a
 * class such as {@code 4xx}), {@code path} (a substring of the path), {@code since} (an ISO-8601
 * instant, inclusive) and {@code limit} (the newest so many).
 */
public record JournalQuery(Optional<String> dialect, Optional<String> status, Optional<String> path, Optional<Instant> since,
        int limit) {

    private static final Set<String> NAMES = Set.of("dialect", "status", "path", "since", "limit");

    public JournalQuery {
        requireNonNull(dialect, "dialect is null");
        requireNonNull(status, "status is null");
        requireNonNull(path, "path is null");
        requireNonNull(since, "since is null");
        status.ifPresent(s -> {
            if (!s.matches("[1-5]([0-9]{2}|xx)")) {
                throw new IllegalArgumentException("status must be an HTTP status (404) or a class (4xx), not '" + s + "'");
            }
        });
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    public static JournalQuery all() {
        return new JournalQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Integer.MAX_VALUE);
    }

    /** From request parameters; an unknown name or a malformed value is an {@link IllegalArgumentException} naming it. */
    public static JournalQuery parse(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; the filters are " + NAMES);
            }
        }
        Optional<Instant> since;
        try {
            since = Optional.ofNullable(parameters.get("since")).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
        int limit = Integer.MAX_VALUE;
        if (parameters.containsKey("limit")) {
            try {
                limit = Integer.parseInt(parameters.get("limit"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit must be a whole number");
            }
        }
        return new JournalQuery(Optional.ofNullable(parameters.get("dialect")), Optional.ofNullable(parameters.get("status")),
                Optional.ofNullable(parameters.get("path")), since, limit);
    }

    boolean matches(JournalEntry entry) {
        return dialect.map(entry.dialect()::equals).orElse(true)
                && status.map(s -> statusMatches(s, entry.status())).orElse(true)
                && path.map(entry.path()::contains).orElse(true)
                && since.map(s -> !entry.time().isBefore(s)).orElse(true);
    }

    private static boolean statusMatches(String filter, int status) {
        String actual = Integer.toString(status);
        return filter.endsWith("xx") ? actual.charAt(0) == filter.charAt(0) : actual.equals(filter);
    }
}
