package io.polyface.toolkit.engine;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.FaceEngine;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every {@link FaceEngine} call a decorator or another process may see, with what it does to
 * stored data. {@code name()}, {@code close()} and {@code unsupported(..)} are not here: they are
 * answered where they are asked.
 *
 * <p>The kind decides which calls a remote engine may retry, which a shadow may see, and which may
 * fail over to another engine without risk of a double write. {@link ForwardingFaceEngine} names
 * the operation of each call it forwards, so the compiler checks the calls and a test the names.
 */
public enum EngineOperation {
    FEATURE_VERSION("featureVersion", Kind.READ),
    FEATURE_VERSIONS("featureVersions", Kind.READ),
    HEALTH("health", Kind.READ),
    DETECT("detect", Kind.READ),
    ANALYZE("analyze", Kind.READ),
    COMPARE("compare", Kind.READ),
    STORE_IMAGE("storeImage", Kind.WRITE),
    IMAGE("image", Kind.READ),
    CREATE_COLLECTION("createCollection", Kind.WRITE),
    COLLECTION("collection", Kind.READ),
    COLLECTIONS("collections", Kind.READ),
    CLEAR_COLLECTION("clearCollection", Kind.WRITE),
    DELETE_COLLECTION("deleteCollection", Kind.WRITE),
    UPDATE_COLLECTION("updateCollection", Kind.IDEMPOTENT_WRITE),
    ADD_FACES("addFaces", Kind.WRITE),
    REPLACE_FACES("replaceFaces", Kind.WRITE),
    FACES_BY_TAG("facesByTag", Kind.READ),
    DELETE_FACES_BY_TAG("deleteFacesByTag", Kind.WRITE),
    FACE("face", Kind.READ),
    DELETE_FACE("deleteFace", Kind.WRITE),
    UPDATE_FACE("updateFace", Kind.IDEMPOTENT_WRITE),
    COPY_FACES("copyFaces", Kind.WRITE),
    EMBEDDING("embedding", Kind.READ),
    ADD_VECTORS("addVectors", Kind.WRITE),
    REPLACE_VECTORS("replaceVectors", Kind.IDEMPOTENT_WRITE),
    LIST_FACES("listFaces", Kind.READ),
    SEARCH("search", Kind.READ),
    START_FEATURE_JOB("startFeatureJob", Kind.WRITE),
    FEATURE_JOB("featureJob", Kind.READ),
    FEATURE_JOBS("featureJobs", Kind.READ),
    CHECK_IMAGES("checkImages", Kind.READ),
    RECORD("record", Kind.READ),
    PUT_RECORD("putRecord", Kind.IDEMPOTENT_WRITE),
    DELETE_RECORD("deleteRecord", Kind.WRITE),
    RECORDS("records", Kind.READ),
    TENANTS("tenants", Kind.READ),
    ERASE_TENANT("eraseTenant", Kind.WRITE);

    /** What a call does to stored data. */
    public enum Kind {
        /** Changes nothing: safe to retry, to shadow and to send to another engine. */
        READ,
        /** Changes data, but twice has the same effect and answer as once: safe to retry. */
        IDEMPOTENT_WRITE,
        /** Changes data; a second attempt may write twice or answer differently. */
        WRITE
    }

    private static final Map<String, EngineOperation> BY_METHOD_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EngineOperation::methodName, Function.identity()));

    private final String methodName;
    private final Kind kind;

    EngineOperation(String methodName, Kind kind) {
        this.methodName = methodName;
        this.kind = kind;
    }

    /**
     * The name of the {@link FaceEngine} method: a label in metrics and the native protocol's path
     * segment, so it stays as it is even if the Java method were renamed.
     */
    public String methodName() {
        return methodName;
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

    public static Optional<EngineOperation> byMethodName(String name) {
        return Optional.ofNullable(BY_METHOD_NAME.get(requireNonNull(name, "name is null")));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
