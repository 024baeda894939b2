package io.polyface.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.ErasedTenant;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import io.polyface.toolkit.engine.EngineOperation;
import java.lang.reflect.Type;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * How one {@link EngineOperation} crosses the native protocol: the names and types of its
 * arguments on the wire, the type of its result, and the call that runs it on an engine.
 *
 * <p>Written out per operation in one exhaustive switch, each through a typed factory that ties
 * the declared types to the {@link FaceEngine} method it calls: a changed signature fails to
 * compile here, and an operation without a wire form does not compile at all. The types are
 * Jackson {@link TypeReference}s because the codec needs generic types ({@code List<NewFace>}) to
 * read values, which Java can only give through such a reference or reflection on the method.
 */
public final class NativeCall {
    private static final Map<EngineOperation, NativeCall> ALL = new EnumMap<>(EngineOperation.class);

    static {
        for (EngineOperation operation : EngineOperation.values()) {
            ALL.put(operation, define(operation));
        }
    }

    /** An argument as the wire names and types it. */
    public record Parameter(String name, Type type) {
        public Parameter {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    /** Runs the call on an engine with arguments already read (one per parameter, of its type). */
    @FunctionalInterface
    private interface Invoker {
        Object invoke(FaceEngine engine, Object[] args);
    }

    private final EngineOperation operation;
    private final List<Parameter> parameters;
    private final Type result;
    private final Invoker invoker;

    private NativeCall(EngineOperation operation, Type result, Invoker invoker, Parameter... parameters) {
        this.operation = operation;
        this.result = result;
        this.invoker = invoker;
        this.parameters = List.of(parameters);
    }

    public static NativeCall of(EngineOperation operation) {
        return ALL.get(requireNonNull(operation, "operation is null"));
    }

    /** The call named by a path's last segment. */
    public static Optional<NativeCall> byName(String name) {
        return EngineOperation.byMethodName(name).map(NativeCall::of);
    }

    /** Every call, in the order of {@link EngineOperation}. */
    public static List<NativeCall> all() {
        return List.copyOf(ALL.values());
    }

    public EngineOperation operation() {
        return operation;
    }

    /** The last path segment: the method's name. */
    public String wireName() {
        return operation.methodName();
    }

    /** The arguments on the wire, in the method's parameter order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The result's type; {@code void.class} for a call that returns nothing (null on the wire). */
    public Type result() {
        return result;
    }

    /** Runs the call on an engine; whatever the engine throws comes through unchanged. */
    public Object invoke(FaceEngine engine, Object[] args) {
        if (args.length != parameters.size()) {
            throw new IllegalArgumentException(wireName() + " takes " + parameters.size() + " arguments, not " + args.length);
        }
        return invoker.invoke(engine, args);
    }

    @Override
    public String toString() {
        return wireName() + parameters.stream().map(Parameter::name).toList();
    }

    private static NativeCall define(EngineOperation op) {
        return switch (op) {
            case FEATURE_VERSION -> call(op, of(String.class), FaceEngine::featureVersion);
            case FEATURE_VERSIONS -> call(op, of(new TypeReference<List<FeatureVersion>>() { }), FaceEngine::featureVersions);
            case HEALTH -> call(op, of(EngineHealth.class), FaceEngine::health);
            case DETECT -> call(op, of(new TypeReference<List<DetectedFace>>() { }), arg("image", byte[].class), FaceEngine::detect);
            case ANALYZE -> call(op, of(new TypeReference<List<DetectedFace>>() { }), arg("image", byte[].class),
                    arg("features", new TypeReference<Set<FaceFeature>>() { }), FaceEngine::analyze);
            case COMPARE -> call(op, of(CompareResult.class), arg("first", byte[].class), arg("second", byte[].class),
                    FaceEngine::compare);
            case STORE_IMAGE -> call(op, of(String.class), arg("tenant", String.class), arg("image", byte[].class),
                    FaceEngine::storeImage);
            case IMAGE -> call(op, of(new TypeReference<Optional<byte[]>>() { }), arg("tenant", String.class),
                    arg("imageId", String.class), FaceEngine::image);
            case CREATE_COLLECTION -> call(op, of(CollectionInfo.class), arg("ref", CollectionRef.class),
                    arg("spec", CollectionSpec.class), FaceEngine::createCollection);
            case COLLECTION -> call(op, of(new TypeReference<Optional<CollectionInfo>>() { }), arg("ref", CollectionRef.class),
                    FaceEngine::collection);
            case COLLECTIONS -> call(op, of(new TypeReference<List<CollectionInfo>>() { }), arg("tenant", String.class),
                    FaceEngine::collections);
            case CLEAR_COLLECTION -> call(op, of(long.class), arg("ref", CollectionRef.class), FaceEngine::clearCollection);
            case DELETE_COLLECTION -> call(op, of(void.class), arg("ref", CollectionRef.class), (e, ref) -> {
                e.deleteCollection(ref);
                return null;
            });
            case UPDATE_COLLECTION -> call(op, of(CollectionInfo.class), arg("ref", CollectionRef.class),
                    arg("attributes", new TypeReference<Map<String, String>>() { }), FaceEngine::updateCollection);
            case ADD_FACES -> call(op, of(new TypeReference<List<EnrolOutcome>>() { }), arg("ref", CollectionRef.class),
                    arg("faces", new TypeReference<List<NewFace>>() { }), FaceEngine::addFaces);
            case REPLACE_FACES -> call(op, of(new TypeReference<List<EnrolOutcome>>() { }), arg("ref", CollectionRef.class),
                    arg("tag", String.class), arg("faces", new TypeReference<List<NewFace>>() { }), FaceEngine::replaceFaces);
            case FACES_BY_TAG -> call(op, of(new TypeReference<List<StoredFace>>() { }), arg("ref", CollectionRef.class),
                    arg("tag", String.class), FaceEngine::facesByTag);
            case DELETE_FACES_BY_TAG -> call(op, of(long.class), arg("ref", CollectionRef.class), arg("tag", String.class),
                    FaceEngine::deleteFacesByTag);
            case FACE -> call(op, of(new TypeReference<Optional<StoredFace>>() { }), arg("ref", CollectionRef.class),
                    arg("faceId", String.class), FaceEngine::face);
            case DELETE_FACE -> call(op, of(boolean.class), arg("ref", CollectionRef.class), arg("faceId", String.class),
                    FaceEngine::deleteFace);
            case UPDATE_FACE -> call(op, of(StoredFace.class), arg("ref", CollectionRef.class), arg("faceId", String.class),
                    arg("update", FaceUpdate.class), FaceEngine::updateFace);
            case COPY_FACES -> call(op, of(new TypeReference<List<EnrolOutcome>>() { }), arg("target", CollectionRef.class),
                    arg("copies", new TypeReference<List<FaceCopy>>() { }), FaceEngine::copyFaces);
            case EMBEDDING -> call(op, of(new TypeReference<Optional<Embedding>>() { }), arg("ref", CollectionRef.class),
                    arg("faceId", String.class), FaceEngine::embedding);
            case ADD_VECTORS -> call(op, of(new TypeReference<List<StoredFace>>() { }), arg("ref", CollectionRef.class),
                    arg("faces", new TypeReference<List<VectorFace>>() { }), FaceEngine::addVectors);
            case REPLACE_VECTORS -> call(op, of(new TypeReference<List<StoredFace>>() { }), arg("ref", CollectionRef.class),
                    arg("faces", new TypeReference<List<VectorFace>>() { }), FaceEngine::replaceVectors);
            case LIST_FACES -> call(op, of(new TypeReference<Page<StoredFace>>() { }), arg("ref", CollectionRef.class),
                    arg("tag", new TypeReference<Optional<String>>() { }), arg("marker", new TypeReference<Optional<String>>() { }),
                    arg("limit", int.class), FaceEngine::listFaces);
            case SEARCH -> call(op, of(SearchResult.class), arg("query", SearchQuery.class), FaceEngine::search);
            case START_FEATURE_JOB -> call(op, of(FeatureJob.class), arg("ref", CollectionRef.class),
                    arg("toVersion", String.class), FaceEngine::startFeatureJob);
            case FEATURE_JOB -> call(op, of(new TypeReference<Optional<FeatureJob>>() { }), arg("tenant", String.class),
                    arg("jobId", String.class), FaceEngine::featureJob);
            case FEATURE_JOBS -> call(op, of(new TypeReference<List<FeatureJob>>() { }), arg("tenant", String.class),
                    FaceEngine::featureJobs);
            case CHECK_IMAGES -> call(op, of(ImageCheck.class), arg("ref", CollectionRef.class), FaceEngine::checkImages);
            case RECORD -> call(op, of(new TypeReference<Optional<String>>() { }), arg("tenant", String.class),
                    arg("kind", String.class), arg("key", String.class), FaceEngine::record);
            case PUT_RECORD -> call(op, of(void.class), arg("tenant", String.class), arg("kind", String.class),
                    arg("key", String.class), arg("json", String.class), (e, tenant, kind, key, json) -> {
                        e.putRecord(tenant, kind, key, json);
                        return null;
                    });
            case DELETE_RECORD -> call(op, of(boolean.class), arg("tenant", String.class), arg("kind", String.class),
                    arg("key", String.class), FaceEngine::deleteRecord);
            case RECORDS -> call(op, of(new TypeReference<SortedMap<String, String>>() { }), arg("tenant", String.class),
                    arg("kind", String.class), FaceEngine::records);
            case TENANTS -> call(op, of(new TypeReference<SortedSet<String>>() { }), FaceEngine::tenants);
            case ERASE_TENANT -> call(op, of(ErasedTenant.class), arg("tenant", String.class), FaceEngine::eraseTenant);
        };
    }

    // ---- typed factories: the compiler checks each call against its declared types ----------

    /** A type on the wire, with the Java type it stands for, so the compiler can match it to a method. */
    private record Wire<T>(Type type) {
    }

    private record Arg<T>(String name, Wire<T> wire) {
        Parameter parameter() {
            return new Parameter(name, wire.type());
        }
    }

    private static <T> Wire<T> of(Class<T> type) {
        return new Wire<>(type);
    }

    private static <T> Wire<T> of(TypeReference<T> type) {
        return new Wire<>(type.getType());
    }

    private static <T> Arg<T> arg(String name, Class<T> type) {
        return new Arg<>(name, of(type));
    }

    private static <T> Arg<T> arg(String name, TypeReference<T> type) {
        return new Arg<>(name, of(type));
    }

    @FunctionalInterface
    private interface Call0<R> {
        R call(FaceEngine engine);
    }

    @FunctionalInterface
    private interface Call1<A, R> {
        R call(FaceEngine engine, A a);
    }

    @FunctionalInterface
    private interface Call2<A, B, R> {
        R call(FaceEngine engine, A a, B b);
    }

    @FunctionalInterface
    private interface Call3<A, B, C, R> {
        R call(FaceEngine engine, A a, B b, C c);
    }

    @FunctionalInterface
    private interface Call4<A, B, C, D, R> {
        R call(FaceEngine engine, A a, B b, C c, D d);
    }

    private static <R> NativeCall call(EngineOperation op, Wire<R> result, Call0<R> call) {
        return new NativeCall(op, result.type(), (engine, args) -> call.call(engine));
    }

    @SuppressWarnings("unchecked")
    private static <A, R> NativeCall call(EngineOperation op, Wire<R> result, Arg<A> a, Call1<A, R> call) {
        return new NativeCall(op, result.type(), (engine, args) -> call.call(engine, (A) args[0]), a.parameter());
    }

    @SuppressWarnings("unchecked")
    private static <A, B, R> NativeCall call(EngineOperation op, Wire<R> result, Arg<A> a, Arg<B> b, Call2<A, B, R> call) {
        return new NativeCall(op, result.type(), (engine, args) -> call.call(engine, (A) args[0], (B) args[1]),
                a.parameter(), b.parameter());
    }

    @SuppressWarnings("unchecked")
    private static <A, B, C, R> NativeCall call(EngineOperation op, Wire<R> result, Arg<A> a, Arg<B> b, Arg<C> c,
            Call3<A, B, C, R> call) {
        return new NativeCall(op, result.type(), (engine, args) -> call.call(engine, (A) args[0], (B) args[1], (C) args[2]),
                a.parameter(), b.parameter(), c.parameter());
    }

    @SuppressWarnings("unchecked")
    private static <A, B, C, D, R> NativeCall call(EngineOperation op, Wire<R> result, Arg<A> a, Arg<B> b, Arg<C> c, Arg<D> d,
            Call4<A, B, C, D, R> call) {
        return new NativeCall(op, result.type(),
                (engine, args) -> call.call(engine, (A) args[0], (B) args[1], (C) args[2], (D) args[3]),
                a.parameter(), b.parameter(), c.parameter(), d.parameter());
    }
}
