package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.engine.EngineInvocation;
import io.polyface.toolkit.engine.EngineOperation;
import io.polyface.toolkit.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs shadow calls beside the primary's and keeps what they show: counts per (primary, shadow,
 * call) in the metrics and at {@code /admin/shadow}, and the latest differences.
 *
 * <p>The noise floor is Diffy's idea: the primary is asked a second time, and a field that differs
 * between the primary's two answers is noise (a non-deterministic engine, data changing under the
 * call), not a disagreement of the shadow. Shadow work runs on virtual threads after the caller
 * has its answer; when too much is in flight, the copy is skipped and counted, never queued without
 * bound.
 *
 * <p>Thread-safe.
 */
public final class ShadowRecorder implements AutoCloseable {
    /** Where a shadowed call came from. */
    record Origin(String dialect, String tenant, Optional<String> collection) {
    }

    private record Key(String primary, String shadow, String call) {
    }

    private static final class Stats {
        final AtomicLong compared = new AtomicLong();
        final AtomicLong different = new AtomicLong();
        final AtomicLong noise = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        /** Per field: how often the shadow differed beyond the noise, and how often the primary differed from itself. */
        final Map<String, AtomicLong> fieldDifferences = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> fieldNoise = new ConcurrentHashMap<>();
    }

    private record Latest(Instant at, Key key, Origin origin, List<ShadowDifference> differences, List<String> noise) {
    }

    private final ShadowComparator comparator;
    private final boolean noiseFloor;
    private final int keep;
    private final Semaphore inFlight;
    private final RequestMetrics metrics;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Key, Stats> stats = new ConcurrentHashMap<>();
    private final Deque<Latest> latest = new ArrayDeque<>();

    public ShadowRecorder(ShadowComparator comparator, boolean noiseFloor, int keep, int maxInFlight, RequestMetrics metrics,
            Clock clock) {
        this.comparator = requireNonNull(comparator, "comparator is null");
        this.noiseFloor = noiseFloor;
        this.keep = keep;
        this.inFlight = new Semaphore(maxInFlight);
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** From {@code routing.shadow.*}. */
    public static ShadowRecorder of(io.helidon.config.Config shadow, RequestMetrics metrics) {
        return new ShadowRecorder(
                new ShadowComparator(
                        shadow.get("score-tolerance").asDouble().orElse(0.02),
                        shadow.get("min-iou").asDouble().orElse(0.5),
                        shadow.get("min-overlap").asDouble().orElse(0.8)),
                shadow.get("noise-floor").asBoolean().orElse(true),
                shadow.get("keep").asInt().orElse(50),
                shadow.get("max-in-flight").asInt().orElse(16),
                metrics, Clock.systemUTC());
    }

    /**
     * Compares the shadow's answer to a call the primary has answered, in the background.
     *
     * @param primaryAnswer what the caller got
     * @param invocation the call, to make on the shadow (and again on the primary, for the noise floor)
     */
    void submit(EngineOperation call, EngineInvocation<?> invocation, FaceEngine primary, FaceEngine shadow,
            ShadowComparator.Answer primaryAnswer, Origin origin) {
        Key key = new Key(primary.name(), shadow.name(), call.methodName());
        Stats s = stats.computeIfAbsent(key, k -> {
            Stats created = new Stats();
            metrics.shadowRatio(k.primary(), k.shadow(), k.call(), () -> {
                long n = created.compared.get();
                return n == 0 ? 0.0 : (double) created.different.get() / n;
            });
            return created;
        });
        if (!inFlight.tryAcquire()) {
            s.skipped.incrementAndGet();
            metrics.recordShadow(key.primary(), key.shadow(), key.call(), "skipped");
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    compare(call, invocation, primary, shadow, primaryAnswer, origin, key, s);
                } finally {
                    inFlight.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            inFlight.release();
        }
    }

    private void compare(EngineOperation call, EngineInvocation<?> invocation, FaceEngine primary, FaceEngine shadow,
            ShadowComparator.Answer primaryAnswer, Origin origin, Key key, Stats s) {
        ShadowComparator.Answer shadowAnswer = answer(shadow, invocation);
        List<ShadowDifference> differences = comparator.compare(call, primaryAnswer, shadowAnswer);
        List<String> noise = new ArrayList<>();
        if (!differences.isEmpty() && noiseFloor) {
            ShadowComparator.Answer again = answer(primary, invocation);
            Set<String> noisy = new HashSet<>();
            comparator.compare(call, primaryAnswer, again).forEach(d -> noisy.add(d.field()));
            List<ShadowDifference> real = new ArrayList<>();
            for (ShadowDifference d : differences) {
                if (noisy.contains(d.field())) {
                    noise.add(d.field());
                } else {
                    real.add(d);
                }
            }
            differences = real;
        }
        // One comparison is counted as a whole, with its metrics, so that /admin/shadow (describe)
        // never shows it in part: a count without its fields, a latest entry without its count.
        synchronized (s) {
            differences.forEach(d -> s.fieldDifferences.computeIfAbsent(generic(d.field()), f -> new AtomicLong()).incrementAndGet());
            noise.forEach(f -> s.fieldNoise.computeIfAbsent(generic(f), k -> new AtomicLong()).incrementAndGet());
            if (!noise.isEmpty()) {
                s.noise.incrementAndGet();
            }
            if (!differences.isEmpty()) {
                s.different.incrementAndGet();
                synchronized (latest) {
                    latest.addFirst(new Latest(clock.instant(), key, origin, List.copyOf(differences), List.copyOf(noise)));
                    while (latest.size() > keep) {
                        latest.removeLast();
                    }
                }
            }
            s.compared.incrementAndGet();
            metrics.recordShadow(key.primary(), key.shadow(), key.call(), differences.isEmpty() ? "same" : "different");
        }
    }

    /** A field without its index or person ("hits[ann].score" -> "hits[].score"), so that counts add up per kind. */
    private static String generic(String field) {
        return field.replaceAll("\\[[^]]*]", "[]");
    }

    private static ShadowComparator.Answer answer(FaceEngine engine, EngineInvocation<?> invocation) {
        try {
            return ShadowComparator.Answer.of(invocation.on(engine));
        } catch (Throwable e) {
            return ShadowComparator.Answer.failed(e);
        }
    }

    /** What {@code /admin/shadow} shows. */
    public String describe() {
        ObjectNode root = Json.object();
        // The latest differences first: a comparison found there has been counted by the time its
        // stats are read below, which wait for it to finish.
        List<Latest> copy;
        synchronized (latest) {
            copy = new ArrayList<>(latest);
        }
        ArrayNode totals = root.putArray("comparisons");
        stats.forEach((key, s) -> describe(totals.addObject(), key, s));
        ArrayNode recent = root.putArray("latest");
        for (Latest l : copy) {
            ObjectNode node = recent.addObject();
            node.put("at", l.at().toString());
            node.put("primary", l.key().primary());
            node.put("shadow", l.key().shadow());
            node.put("call", l.key().call());
            node.put("dialect", l.origin().dialect());
            node.put("tenant", l.origin().tenant());
            l.origin().collection().ifPresent(c -> node.put("collection", c));
            ArrayNode diffs = node.putArray("differences");
            for (ShadowDifference d : l.differences()) {
                diffs.addObject().put("field", d.field()).put("primary", d.primary()).put("shadow", d.shadow());
            }
            l.noise().forEach(node.putArray("noise")::add);
        }
        return root.toPrettyString();
    }

    /** One (primary, shadow, call)'s totals, read while no comparison of theirs is half counted. */
    private static void describe(ObjectNode node, Key key, Stats s) {
        synchronized (s) {
            node.put("primary", key.primary());
            node.put("shadow", key.shadow());
            node.put("call", key.call());
            long compared = s.compared.get();
            node.put("compared", compared);
            node.put("different", s.different.get());
            node.put("diffRate", compared == 0 ? 0.0 : (double) s.different.get() / compared);
            node.put("noise", s.noise.get());
            node.put("skipped", s.skipped.get());
            ArrayNode fields = node.putArray("fields");
            Set<String> names = new java.util.TreeSet<>(s.fieldDifferences.keySet());
            names.addAll(s.fieldNoise.keySet());
            for (String field : names) {
                fields.addObject().put("field", field)
                        .put("different", s.fieldDifferences.getOrDefault(field, new AtomicLong()).get())
                        .put("noise", s.fieldNoise.getOrDefault(field, new AtomicLong()).get());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
