package io.polyface.gateway;

import io.polyface.engine.testing.ImageDetector;
import io.polyface.engine.testing.InMemoryFaceEngine;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.toolkit.engine.EngineInvocation;
import io.polyface.toolkit.engine.EngineOperation;
import io.polyface.toolkit.engine.ForwardingFaceEngine;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code type: fake}: an {@link InMemoryFaceEngine} for routing tests. Engines naming the same
 * {@code store} share their data, as two nodes on one database would. Every byte string holds the
 * same one face, and every search hit and comparison scores {@code score} (0.9 unless set;
 * {@code random} for a different one each time), unless {@code faces: pictures}, which reads
 * {@link io.polyface.engine.testing.TestPictures} and scores by their colours. {@code down:
 * unavailable} fails every call as a broken backend would, {@code down: refused} as one that was
 * never reached. Every call is counted per engine, so tests can tell which engine did what.
 */
public final class FakeEngineProvider implements EngineProvider {
    private static final Map<String, InMemoryFaceEngine> STORES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();
    private static final FeatureVersion VERSION = new FeatureVersion("fake-v1", "a fake");
    private static final DetectedFace FACE = new DetectedFace(new BoundingBox(10, 10, 100, 100), 0.99, List.of(),
            new Embedding(new float[] {1, 0}, VERSION.name()));
    /** What a fake answers without counting or failing, as the gateway asks it while starting. */
    private static final Set<EngineOperation> UNCOUNTED = EnumSet.of(EngineOperation.FEATURE_VERSION,
            EngineOperation.FEATURE_VERSIONS, EngineOperation.HEALTH);

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public FaceEngine create(EngineContext context) {
        boolean pictures = context.setting("faces").orElse("one").equals("pictures");
        InMemoryFaceEngine.Builder builder = InMemoryFaceEngine.builder().name(context.name()).clock(context.clock());
        if (!pictures) {
            builder.featureVersion(VERSION).detector(ImageDetector.everyImageHolds(FACE));
        }
        InMemoryFaceEngine store = STORES.computeIfAbsent(context.setting("store").orElse(context.name()), s -> builder.build());
        return new Fake(builder.sharingDataWith(store).build(), context.setting("score").or(() -> pictures
                ? Optional.empty() : Optional.of("0.9")), context.setting("down").orElse("no"));
    }

    /** How often an engine was called with a method, since the JVM started. */
    public static long calls(String engine, String method) {
        return CALLS.getOrDefault(engine + "." + method, new AtomicLong()).get();
    }

    private static final class Fake extends ForwardingFaceEngine {
        private final InMemoryFaceEngine engine;
        private final Optional<String> score;
        private final String down;

        Fake(InMemoryFaceEngine engine, Optional<String> score, String down) {
            this.engine = engine;
            this.score = score;
            this.down = down;
        }

        @Override
        protected FaceEngine delegate() {
            return engine;
        }

        @Override
        protected <T> T forward(EngineOperation operation, EngineInvocation<T> invocation) {
            if (UNCOUNTED.contains(operation)) {
                return invocation.on(engine);
            }
            CALLS.computeIfAbsent(engine.name() + "." + operation.methodName(), k -> new AtomicLong()).incrementAndGet();
            switch (down) {
                case "unavailable" -> throw new FaceException.BackendUnavailable(engine.name() + " is down", null);
                case "refused" -> throw new FaceException.BackendUnavailable(engine.name() + " refused the connection",
                        new CallNotSent("connection refused"));
                default -> { }
            }
            return invocation.on(engine);
        }

        private double scored(double real) {
            return score.map(s -> s.equals("random") ? ThreadLocalRandom.current().nextDouble() : Double.parseDouble(s))
                    .orElse(real);
        }

        @Override
        public EngineHealth health() {
            return new EngineHealth(down.equals("no"), Map.of("fake", down));
        }

        @Override
        public CompareResult compare(byte[] first, byte[] second) {
            CompareResult result = super.compare(first, second);
            return new CompareResult(scored(result.score()), result.first(), result.second());
        }

        @Override
        public SearchResult search(SearchQuery query) {
            SearchResult result = super.search(query);
            return new SearchResult(result.probeFace(),
                    result.hits().stream().map(h -> new SearchHit(h.face(), scored(h.score()))).toList());
        }
    }
}
