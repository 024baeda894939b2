package io.polyface.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.EyeState;
import io.polyface.spi.engine.FaceAttributes;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.Gender;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Orientation;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.Point;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.QualityPolicy;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Calls go through the real encoder, the real server and the real decoder to a recording fake
 * engine and back: what the fake receives equals what was sent, and what it answers equals what
 * the caller gets, failures included.
 */
class NativeRoundTripTest {
    private static final CollectionRef REF = new CollectionRef("t1", "people");
    private static final Instant WHEN = Instant.parse("2026-11-22T01:02:03.456Z");
    private static final Embedding EMBEDDING = new Embedding(new float[] {0.1f, -0.25f, 0.3333333f}, "fr-feature-v1");
    private static final DetectedFace DETAILED = new DetectedFace(new BoundingBox(1.5, 2, 30, 40), 0.99,
            List.of(new Point(1, 2), new Point(3, 4)), EMBEDDING, new FaceDetails(
                    Optional.of(new FacePose(1, -2, 3)),
                    Optional.of(new FaceQuality(0.1, 120, 30, 40, Orientation.UP_LEFT)),
                    Optional.of(new FaceAttributes(31, new FaceAttributes.Estimate<>(Gender.FEMALE, 0.9),
                            new FaceAttributes.Estimate<>(EyeState.OPEN, 0.8),
                            new FaceAttributes.Estimate<>(EyeState.CLOSED, 0.7), 0.2)),
                    OptionalDouble.of(0.95), Optional.empty()));
    private static final StoredFace STORED = new StoredFace("f1", REF, "alice", Optional.of("desc"), Optional.empty(),
            new BoundingBox(0, 0, 10, 10), "img1", WHEN);

    private final AtomicReference<Object[]> received = new AtomicReference<>();
    private final AtomicReference<Object> answer = new AtomicReference<>();

    /** A fake engine behind the server and the real client in front of it, the HTTP transport left out. */
    private Object call(String method, Object... args) {
        io.polyface.spi.engine.FaceEngine fake = (io.polyface.spi.engine.FaceEngine) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.polyface.spi.engine.FaceEngine.class}, (p, m, a) -> {
                    received.set(a == null ? new Object[0] : a);
                    Object value = answer.get();
                    if (value instanceof FaceException f) {
                        throw f;
                    }
                    return value;
                });
        NativeClient client = new InProcessNativeClient(new NativeServer(fake));
        Method target = Arrays.stream(io.polyface.spi.engine.FaceEngine.class.getMethods())
                .filter(m -> m.getName().equals(method)).findFirst().orElseThrow();
        try {
            return target.invoke(client, args);
        } catch (InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyEngineCallHasAWireFormOfItsMethodsTypes() {
        List<Method> methods = Arrays.stream(io.polyface.spi.engine.FaceEngine.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !Set.of("name", "close", "unsupported").contains(m.getName()))
                .sorted(Comparator.comparing(Method::getName)).toList();
        assertThat(NativeCall.all().stream().map(NativeCall::wireName).sorted().toList())
                .isEqualTo(methods.stream().map(Method::getName).toList());
        for (Method method : methods) {
            NativeCall call = NativeCall.byName(method.getName()).orElseThrow();
            assertThat(call.parameters()).as(method.getName()).extracting(NativeCall.Parameter::type)
                    .containsExactly(method.getGenericParameterTypes());
            assertThat(call.result()).as(method.getName()).isEqualTo(method.getGenericReturnType());
        }
    }

    @Test
    void everyClientMethodSendsItsOwnCall() throws Exception {
        List<String> sent = new ArrayList<>();
        NativeClient recording = new NativeClient() {
            @Override
            protected NativeServer.Reply exchange(NativeCall call, byte[] body) {
                sent.add(call.wireName());
                throw new FaceException.BackendUnavailable("recorded, not sent", null);
            }

            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void close() {
            }
        };
        for (NativeCall call : NativeCall.all()) {
            Method method = Arrays.stream(io.polyface.spi.engine.FaceEngine.class.getMethods())
                    .filter(m -> m.getName().equals(call.wireName())).findFirst().orElseThrow();
            Object[] args = Arrays.stream(method.getParameterTypes()).map(t -> t == int.class ? (Object) 1 : null).toArray();
            sent.clear();

            assertThatThrownBy(() -> method.invoke(recording, args)).cause().isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(sent).as(method.getName()).containsExactly(method.getName());
        }
    }

    @Test
    void anEnrolmentWithEveryOptionArrivesIntactAndItsOutcomesComeBack() {
        NewFace face = new NewFace(new byte[] {1, 2, 3, (byte) 0xff}, "alice", Optional.of("d"), Optional.of("{\"u\":1}"),
                Optional.of("id-1"), Optional.of(new BoundingBox(1, 2, 3, 4)), Optional.of(new QualityPolicy(OptionalDouble.of(20), OptionalDouble.of(20),
                        OptionalDouble.of(20), OptionalDouble.of(0.2), OptionalDouble.of(75), OptionalDouble.of(210), OptionalDouble.of(80),
                        OptionalDouble.of(100), false)),
                Set.of(FaceFeature.ATTRIBUTES));
        List<EnrolOutcome> outcomes = List.of(new EnrolOutcome.Enrolled(STORED, Optional.of(DETAILED)),
                new EnrolOutcome.Rejected(new FaceException.QuotaExceeded(FaceException.Quota.FACES_PER_TAG, 5, "too many")),
                new EnrolOutcome.Rejected(new FaceException.NoFace()),
                new EnrolOutcome.Rejected(new FaceException.BadQuality("YAW", List.of(io.polyface.spi.QualityCheck.YAW)),
                        Optional.of(DETAILED)));
        answer.set(outcomes);

        Object result = call("addFaces", REF, List.of(face, NewFace.of(new byte[] {9}, "bob")));

        Object[] args = received.get();
        assertThat(args[0]).isEqualTo(REF);
        @SuppressWarnings("unchecked")
        List<NewFace> faces = (List<NewFace>) args[1];
        assertThat(faces.get(0).image()).containsExactly(1, 2, 3, 0xff);
        assertThat(faces.get(0)).usingRecursiveComparison().isEqualTo(face);
        assertThat(faces.get(1).faceId()).isEmpty();
        @SuppressWarnings("unchecked")
        List<EnrolOutcome> back = (List<EnrolOutcome>) result;
        assertThat(back.get(0)).isEqualTo(outcomes.get(0));
        FaceException.QuotaExceeded quota = (FaceException.QuotaExceeded) ((EnrolOutcome.Rejected) back.get(1)).reason();
        assertThat(quota.quota()).isEqualTo(FaceException.Quota.FACES_PER_TAG);
        assertThat(quota.limit()).isEqualTo(5);
        assertThat(quota.getMessage()).isEqualTo("too many");
        assertThat(((EnrolOutcome.Rejected) back.get(2)).reason()).isInstanceOf(FaceException.NoFace.class);
        EnrolOutcome.Rejected gated = (EnrolOutcome.Rejected) back.get(3);
        assertThat(((FaceException.BadQuality) gated.reason()).failedChecks()).containsExactly(io.polyface.spi.QualityCheck.YAW);
        assertThat(gated.detected()).contains(DETAILED);
    }

    @Test
    void searchesWithEachProbeKindAndTheirResults() {
        SearchResult result = new SearchResult(Optional.of(DETAILED), List.of(new SearchHit(STORED, 0.8125)));
        answer.set(result);
        for (Probe probe : List.of(new Probe.ImageProbe(new byte[] {4, 5}, Optional.of(new BoundingBox(0, 0, 1, 1))),
                new Probe.EmbeddingProbe(EMBEDDING), new Probe.StoredFaceProbe(REF, "f1"))) {
            SearchQuery query = new SearchQuery(List.of(REF), probe, 7, -1, true);
            assertThat(call("search", query)).isEqualTo(result);
            assertThat(received.get()[0]).usingRecursiveComparison().isEqualTo(query);
        }
    }

    @Test
    void collectionsPagesRecordsAndOptionalAnswers() {
        CollectionSpec spec = new CollectionSpec(OptionalLong.of(1000), OptionalInt.of(5), OptionalInt.empty(),
                Optional.of("v2"), Map.of("display", "People"));
        CollectionInfo info = new CollectionInfo(REF, spec, WHEN, WHEN.plusSeconds(5), 12, 34);
        answer.set(info);
        assertThat(call("createCollection", REF, spec)).isEqualTo(info);
        assertThat(received.get()[1]).isEqualTo(spec);

        answer.set(Optional.empty());
        assertThat(call("collection", REF)).isEqualTo(Optional.empty());

        Page<StoredFace> page = new Page<>(List.of(STORED), Optional.of("next"));
        answer.set(page);
        assertThat(call("listFaces", REF, Optional.empty(), Optional.of("m"), 10)).isEqualTo(page);
        assertThat(received.get()).containsExactly(REF, Optional.empty(), Optional.of("m"), 10);

        TreeMap<String, String> records = new TreeMap<>(Map.of("a", "{\"x\":1}", "b", "[]"));
        answer.set(records);
        assertThat(call("records", "t1", "settings")).isEqualTo(records);

        answer.set(null);
        assertThat(call("putRecord", "t1", "settings", "a", "{}")).isNull();
        answer.set(Optional.of(new byte[] {7, 8}));
        assertThat((Optional<?>) call("image", "t1", "img1")).hasValueSatisfying(
                b -> assertThat((byte[]) b).containsExactly(7, 8));
        answer.set(List.of(DETAILED));
        assertThat(call("analyze", new byte[] {1}, Set.of(FaceFeature.POSE, FaceFeature.QUALITY))).isEqualTo(List.of(DETAILED));
        assertThat(received.get()[1]).isEqualTo(Set.of(FaceFeature.POSE, FaceFeature.QUALITY));
    }

    @Test
    void everyFailureTypeIsRebuiltWithItsFields() {
        List<FaceException> failures = List.of(
                new FaceException.NotFound(FaceException.Resource.FACE, "f9"),
                new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, "people"),
                new FaceException.InvalidArgument("topK", "bad top k"),
                new FaceException.QuotaExceeded(FaceException.Quota.COLLECTIONS, 30, "30 at most"),
                new FaceException.NoFace(),
                new FaceException.BadQuality("YAW, BLUR", List.of(io.polyface.spi.QualityCheck.YAW,
                        io.polyface.spi.QualityCheck.BLUR)),
                new FaceException.UndecodableImage("not an image"),
                new FaceException.ImageTooLarge(1024),
                new FaceException.DownloadFailed("blocked host", FaceException.DownloadFailed.Reason.BLOCKED, null),
                new FaceException.Unauthorized("no"),
                new FaceException.RateLimited("slow down"),
                new FaceException.BackendUnavailable("db down", null),
                new FaceException.Unsupported("not here"),
                new FaceException.Internal("boom", null));
        assertThat(failures.stream().map(f -> (Object) f.getClass()).toList()).containsExactlyInAnyOrderElementsOf(NativeContract.failureTypes());
        for (FaceException failure : failures) {
            answer.set(failure);
            assertThatThrownBy(() -> call("collections", "t1"))
                    .isExactlyInstanceOf(failure.getClass())
                    .hasMessage(failure.getMessage())
                    .satisfies(rebuilt -> assertThat(NativeErrors.toJson((FaceException) rebuilt))
                            .isEqualTo(NativeErrors.toJson(failure)));
        }
    }

    @Test
    void anImageOverThePixelLimitStaysOneAcrossTheWire() {
        answer.set(FaceException.ImageTooLarge.pixels(40_000_000));
        assertThatThrownBy(() -> call("collections", "t1"))
                .isInstanceOfSatisfying(FaceException.ImageTooLarge.class, rebuilt -> {
                    assertThat(rebuilt.overPixelLimit()).isTrue();
                    assertThat(rebuilt.limitPixels()).isEqualTo(40_000_000);
                    assertThat(rebuilt.limitBytes()).isZero();
                });
    }

    @Test
    void malformedRequestsAreInvalidArgumentsNamingTheField() {
        io.polyface.spi.engine.FaceEngine unused = (io.polyface.spi.engine.FaceEngine) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.polyface.spi.engine.FaceEngine.class}, (p, m, a) -> {
                    throw new AssertionError("the engine must not be called");
                });
        NativeServer server = new NativeServer(unused);
        assertThat(rebuilt(server.handle("search", "{".getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("not JSON");
        assertThat(rebuilt(server.handle("search", "[]".getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("object");
        FaceException missing = rebuilt(server.handle("collection", "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(((FaceException.InvalidArgument) missing).field()).isEqualTo("ref");
        FaceException wrong = rebuilt(server.handle("search",
                "{\"query\":{\"collections\":[],\"probe\":{\"type\":\"embedding\"},\"topK\":0}}".getBytes(StandardCharsets.UTF_8)));
        assertThat(((FaceException.InvalidArgument) wrong).field()).isEqualTo("query");
        assertThat(wrong).hasMessageNotContaining("io.polyface").hasMessageNotContaining("com.fasterxml");
        // Jackson's own words name Java classes; the reply names the JSON path and what was expected
        FaceException notAString = rebuilt(server.handle("collections", "{\"tenant\":[]}".getBytes(StandardCharsets.UTF_8)));
        assertThat(notAString).hasMessage("argument 'tenant' is malformed at tenant: expected a string");
        FaceException deep = rebuilt(server.handle("search",
                "{\"query\":{\"topK\":\"many\",\"collections\":[],\"probe\":{\"type\":\"embedding\"}}}".getBytes(StandardCharsets.UTF_8)));
        assertThat(deep).hasMessage("argument 'query' is malformed at query.topK: expected an integer");
        FaceException refused = rebuilt(server.handle("search",
                "{\"query\":{\"collections\":[],\"probe\":{\"type\":\"embedding\"},\"topK\":3}}".getBytes(StandardCharsets.UTF_8)));
        assertThat(refused).as("the SPI record's own reason").hasMessage("argument 'query' is malformed at query.probe: embedding is null");
        NativeServer.Reply unknown = server.handle("dropEverything", new byte[0]);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void facesGivenAsVectorsArriveBitForBitAndTheirFailuresComeBack() {
        float[] vector = {0.1f, -0.25f, 3.4028235e38f, Float.MIN_VALUE, 0.33333334f};
        io.polyface.spi.engine.VectorFace face = new io.polyface.spi.engine.VectorFace("v1", "", Optional.of("{\"a\":1}"),
                Optional.empty(), Optional.of(new BoundingBox(1, 2, 3, 4)), vector);
        StoredFace stored = new StoredFace("v1", REF, "", Optional.of("{\"a\":1}"), Optional.empty(),
                new BoundingBox(1, 2, 3, 4), "", WHEN);
        answer.set(List.of(stored));

        assertThat(call("addVectors", REF, List.of(face))).isEqualTo(List.of(stored));
        @SuppressWarnings("unchecked")
        List<io.polyface.spi.engine.VectorFace> faces = (List<io.polyface.spi.engine.VectorFace>) received.get()[1];
        assertThat(faces.getFirst().vector()).containsExactly(vector);
        assertThat(faces.getFirst()).usingRecursiveComparison().isEqualTo(face);

        answer.set(new FaceException.NotFound(FaceException.Resource.FACE, "v9"));
        assertThatThrownBy(() -> call("replaceVectors", REF, List.of(face)))
                .isInstanceOfSatisfying(FaceException.NotFound.class, e -> assertThat(e.id()).isEqualTo("v9"));
        assertThat(NativeCall.byName("replaceVectors").orElseThrow().operation().idempotent()).isTrue();
        assertThat(NativeCall.byName("addVectors").orElseThrow().operation().idempotent()).isFalse();
    }

    @Test
    void aFeatureVersionFromAPeerThatDoesNotSayItsDimensionHasNone() throws Exception {
        io.polyface.spi.engine.FeatureVersion old = NativeJson.mapper().readValue(
                "{\"name\":\"v1\",\"description\":\"d\"}", io.polyface.spi.engine.FeatureVersion.class);
        assertThat(old.dimension()).isEmpty();
        answer.set(List.of(new io.polyface.spi.engine.FeatureVersion("v1", "d", OptionalInt.of(512))));
        assertThat(call("featureVersions")).isEqualTo(List.of(new io.polyface.spi.engine.FeatureVersion("v1", "d", OptionalInt.of(512))));
    }

    @Test
    void anAnswerThatIsNotTheProtocolIsJudgedByItsStatus() {
        assertThat(NativeClientCodec.error(503, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FaceException.BackendUnavailable.class);
        assertThat(NativeClientCodec.error(401, new byte[0])).isInstanceOf(FaceException.Unauthorized.class);
        assertThat(NativeClientCodec.error(418, "teapot".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FaceException.Internal.class).hasMessageContaining("418");
    }

    @Test
    void bearerTokensAreComparedWholly() {
        assertThat(NativeProtocol.authorized("Bearer s3cret-token", "s3cret-token")).isTrue();
        assertThat(NativeProtocol.authorized("bearer s3cret-token", "s3cret-token")).isTrue();
        assertThat(NativeProtocol.authorized("Bearer s3cret-toke", "s3cret-token")).isFalse();
        assertThat(NativeProtocol.authorized("Basic s3cret-token", "s3cret-token")).isFalse();
        assertThat(NativeProtocol.authorized(null, "s3cret-token")).isFalse();
        assertThat(NativeProtocol.authorized("Bearer ", "")).isFalse();
    }

    private static FaceException rebuilt(NativeServer.Reply reply) {
        assertThat(reply.status()).isNotEqualTo(200);
        return NativeClientCodec.error(reply.status(), reply.body());
    }
}
