package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.EngineRouter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@code journal.size} exchanges of each dialect (and of the native protocol), scrubbed of
 * secrets and images, for tests that check what their client sent ({@code GET /admin/requests}).
 * Off when the size is 0, as in production: then {@link #on()} is false and the endpoints skip
 * every step of recording. Memory is bounded by size × dialects × twice {@code journal.max-body-bytes}
 * plus headers.
 *
 * <p>Thread-safe. The tenant of an exchange is noted on the thread that serves it (see {@link
 * #watching}); work a dialect hands to other threads (SenseTime's tasks) is not attributed.
 */
public final class RequestJournal {

    /**
     * @param size exchanges kept per dialect; 0 turns the journal off
     * @param maxBodyBytes the most of each body kept, after scrubbing
     */
    public record Settings(int size, int maxBodyBytes) {
        public Settings {
            if (size < 0 || size > 100_000) {
                throw new IllegalArgumentException("journal.size must be 0 (off) to 100000, not " + size);
            }
            if (maxBodyBytes < 0) {
                throw new IllegalArgumentException("journal.max-body-bytes must not be negative, not " + maxBodyBytes);
            }
        }
    }

    /** What went over the wire one way: headers, content type (empty when none) and body. */
    public record Wire(Map<String, List<String>> headers, String contentType, byte[] body) {
        public Wire {
            requireNonNull(headers, "headers is null");
            requireNonNull(contentType, "contentType is null");
            requireNonNull(body, "body is null");
        }
    }

    /** An exchange as an endpoint saw it, before scrubbing. */
    public record Exchange(String dialect, String operation, String method, String path, Map<String, List<String>> query,
            Wire request, int status, Wire response, long nanos) {
        public Exchange {
            requireNonNull(dialect, "dialect is null");
            requireNonNull(operation, "operation is null");
            requireNonNull(method, "method is null");
            requireNonNull(path, "path is null");
            requireNonNull(query, "query is null");
            requireNonNull(request, "request is null");
            requireNonNull(response, "response is null");
        }
    }

    /** What a query found: how many exchanges matched, and the newest {@code limit} of them, newest first. */
    public record Found(int matched, List<JournalEntry> entries) {
        public Found {
            entries = List.copyOf(requireNonNull(entries, "entries is null"));
        }
    }

    private static final System.Logger LOG = System.getLogger(RequestJournal.class.getName());
    private static final RequestJournal OFF = new RequestJournal(new Settings(0, 0), Clock.systemUTC());

    private final Settings settings;
    private final Clock clock;
    private final JournalScrubber scrubber;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ThreadLocal<String> tenant = new ThreadLocal<>();

    public RequestJournal(Settings settings, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.scrubber = new JournalScrubber(settings.maxBodyBytes());
    }

    /** A journal that records nothing. */
    public static RequestJournal off() {
        return OFF;
    }

    public boolean on() {
        return settings.size() > 0;
    }

    public Settings settings() {
        return settings;
    }

    /** Marks the start of an exchange on this thread, forgetting any tenant an earlier one noted. */
    public void begin() {
        tenant.remove();
    }

    /** The router dialects use, noting the tenant each request acts for; the router itself when off. */
    public EngineRouter watching(EngineRouter router) {
        requireNonNull(router, "router is null");
        if (!on()) {
            return router;
        }
        return (dialect, tenantName, collection) -> {
            if (tenant.get() == null) {
                tenant.set(tenantName);
            }
            return router.engineFor(dialect, tenantName, collection);
        };
    }

    /**
     * Keeps an exchange (scrubbed), dropping the dialect's oldest when its ring is full. A failure here
     * is logged and never costs the client its answer.
     */
    public void record(Exchange exchange) {
        if (!on()) {
            return;
        }
        Optional<String> actedFor = Optional.ofNullable(tenant.get());
        tenant.remove();
        try {
            keep(exchange, actedFor);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the request journal could not keep an exchange of " + exchange.dialect(), e);
        }
    }

    private void keep(Exchange exchange, Optional<String> actedFor) {
        JournalEntry entry = new JournalEntry(ids.incrementAndGet(), clock.instant(), exchange.dialect(), exchange.operation(),
                exchange.method(), exchange.path(), JournalScrubber.parameters(exchange.query()), actedFor, exchange.status(),
                exchange.nanos(),
                scrubber.message(exchange.request().headers(), exchange.request().contentType(), exchange.request().body()),
                scrubber.message(exchange.response().headers(), exchange.response().contentType(), exchange.response().body()));
        rings.computeIfAbsent(exchange.dialect(), d -> new Ring(settings.size())).add(entry);
    }

    /** The exchange of a server request whose body was read, and the answer it got. */
    static Exchange exchange(String dialect, String operation, ServerRequest req, byte[] body, int status, Wire response,
            long nanos) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            query.put(name, req.query().all(name));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.computeIfAbsent(h.name(), k -> new ArrayList<>()).addAll(h.allValues()));
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        return new Exchange(dialect, operation, req.prologue().method().text(), req.path().path(), query,
                new Wire(headers, contentType, body), status, response, nanos);
    }

    static Wire wire(DialectResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        return new Wire(headers, response.contentType(), response.body());
    }

    public Found find(JournalQuery query) {
        requireNonNull(query, "query is null");
        List<JournalEntry> matched = new ArrayList<>();
        for (Ring ring : rings.values()) {
            for (JournalEntry entry : ring.snapshot()) {
                if (query.matches(entry)) {
                    matched.add(entry);
                }
            }
        }
        matched.sort(Comparator.comparingLong(JournalEntry::id).reversed());
        return new Found(matched.size(), matched.subList(0, Math.min(query.limit(), matched.size())));
    }

    /** Forgets every exchange, or a dialect's; answers how many were forgotten. */
    public int clear(Optional<String> dialect) {
        requireNonNull(dialect, "dialect is null");
        int cleared = 0;
        for (Map.Entry<String, Ring> ring : rings.entrySet()) {
            if (dialect.map(ring.getKey()::equals).orElse(true)) {
                cleared += ring.getValue().clear();
            }
        }
        return cleared;
    }

    /** A fixed number of the latest entries; adding to a full ring overwrites its oldest. */
    private static final class Ring {
        private final JournalEntry[] slots;
        private int next;
        private int count;

        Ring(int size) {
            this.slots = new JournalEntry[size];
        }

        synchronized void add(JournalEntry entry) {
            slots[next] = entry;
            next = (next + 1) % slots.length;
            count = Math.min(count + 1, slots.length);
        }

        synchronized List<JournalEntry> snapshot() {
            List<JournalEntry> all = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                all.add(slots[(next - count + i + slots.length) % slots.length]);
            }
            return all;
        }

        synchronized int clear() {
            int cleared = count;
            java.util.Arrays.fill(slots, null);
            next = 0;
            count = 0;
            return cleared;
        }
    }
}
