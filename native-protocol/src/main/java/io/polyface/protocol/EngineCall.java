package io.polyface.protocol;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.FaceEngine;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every {@link FaceEngine} call that crosses a process boundary, with the names its arguments have
 * on the wire and what it does to stored data. {@code name()} and {@code close()} are not here:
 * they are answered by the local side.
 *
 * <p>The kind decides three things outside this module: which calls a remote engine may retry,
 * which a shadow may see, and which may fail over to another engine without risk of a double write.
 */
public enum EngineCall {
    FEATURE_VERSION("featureVersion", Kind.READ),
    FEATURE_VERSIONS("featureVersions", Kind.READ),
    HEALTH("health", Kind.READ),
    DETECT("detect", Kind.READ, "image"),
    ANALYZE("analyze", Kind.READ, "image", "features"),
    COMPARE("compare", Kind.READ, "first", "second"),
    STORE_IMAGE("storeImage", Kind.WRITE, "tenant", "image"),
    IMAGE("image", Kind.READ, "tenant", "imageId"),
    CREATE_COLLECTION("createCollection", Kind.WRITE, "ref", "spec"),
    COLLECTION("collection", Kind.READ, "ref"),
    COLLECTIONS("collections", Kind.READ, "tenant"),
    CLEAR_COLLECTION("clearCollection", Kind.WRITE, "ref"),
    DELETE_COLLECTION("deleteCollection", Kind.WRITE, "ref"),
    UPDATE_COLLECTION("updateCollection", Kind.IDEMPOTENT_WRITE, "ref", "attributes"),
    ADD_FACES("addFaces", Kind.WRITE, "ref", "faces"),
    REPLACE_FACES("replaceFaces", Kind.WRITE, "ref", "tag", "faces"),
    FACES_BY_TAG("facesByTag", Kind.READ, "ref", "tag"),
    DELETE_FACES_BY_TAG("deleteFacesByTag", Kind.WRITE, "ref", "tag"),
    FACE("face", Kind.READ, "ref", "faceId"),
    DELETE_FACE("deleteFace", Kind.WRITE, "ref", "faceId"),
    UPDATE_FACE("updateFace", Kind.IDEMPOTENT_WRITE, "ref", "faceId", "update"),
    COPY_FACES("copyFaces", Kind.WRITE, "target", "copies"),
    EMBEDDING("embedding", Kind.READ, "ref", "faceId"),
    ADD_VECTORS("addVectors", Kind.WRITE, "ref", "faces"),
    REPLACE_VECTORS("replaceVectors", Kind.IDEMPOTENT_WRITE, "ref", "faces"),
    LIST_FACES("listFaces", Kind.READ, "ref", "tag", "marker", "limit"),
    SEARCH("search", Kind.READ, "query"),
    START_FEATURE_JOB("startFeatureJob", Kind.WRITE, "ref", "toVersion"),
    FEATURE_JOB("featureJob", Kind.READ, "tenant", "jobId"),
    FEATURE_JOBS("featureJobs", Kind.READ, "tenant"),
    CHECK_IMAGES("checkImages", Kind.READ, "ref"),
    RECORD("record", Kind.READ, "tenant", "kind", "key"),
    PUT_RECORD("putRecord", Kind.IDEMPOTENT_WRITE, "tenant", "kind", "key", "json"),
    DELETE_RECORD("deleteRecord", Kind.WRITE, "tenant", "kind", "key"),
    RECORDS("records", Kind.READ, "tenant", "kind"),
    TENANTS("tenants", Kind.READ),
    ERASE_TENANT("eraseTenant", Kind.WRITE, "tenant");

    /** What a call does to stored data. */
    public enum Kind {
        /** Changes nothing: safe to retry, to shadow and to send to another engine. */
        READ,
        /** Changes data, but twice has the same effect and answer as once: safe to retry. */
        IDEMPOTENT_WRITE,
        /** Changes data; a second attempt may write twice or answer differently. */
        WRITE
    }

    private static final Map<String, EngineCall> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EngineCall::wireName, Function.identity()));

    private final String wireName;
    private final Kind kind;
    private final List<String> parameters;
    private final Method method;

    EngineCall(String wireName, Kind kind, String... parameters) {
        this.wireName = wireName;
        this.kind = kind;
        this.parameters = List.of(parameters);
        this.method = Arrays.stream(FaceEngine.class.getMethods())
                .filter(m -> m.getName().equals(wireName) && m.getParameterCount() == parameters.length)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("FaceEngine has no method " + wireName + "/" + parameters.length));
    }

    /** The method name, which is also the last path segment on the wire. */
    public String wireName() {
        return wireName;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether calling it again after a failure is safe. */
    public boolean idempotent() {
        return kind != Kind.WRITE;
    }

    public boolean readOnly() {
        return kind == Kind.READ;
    }

    /** The argument names on the wire, in the method's parameter order. */
    public List<String> parameters() {
        return parameters;
    }

    /** The SPI method this call stands for. */
    public Method method() {
        return method;
    }

    public static Optional<EngineCall> byWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(requireNonNull(name, "name is null")));
    }

    /** The call for an SPI method; empty for {@code name()}, {@code close()} and Object's methods. */
    public static Optional<EngineCall> of(Method method) {
        EngineCall call = BY_WIRE_NAME.get(method.getName());
        return call != null && call.method.equals(method) ? Optional.of(call) : Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
