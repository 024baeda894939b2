package io.polyface.toolkit.engine;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.FaceEngine;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
    FEATURE_VERSION(Kind.READ),
    FEATURE_VERSIONS(Kind.READ),
    HEALTH(Kind.READ),
    DETECT(Kind.READ),
    ANALYZE(Kind.READ),
    COMPARE(Kind.READ),
    STORE_IMAGE(Kind.WRITE),
    IMAGE(Kind.READ),
    CREATE_COLLECTION(Kind.WRITE),
    COLLECTION(Kind.READ),
    COLLECTIONS(Kind.READ),
    CLEAR_COLLECTION(Kind.WRITE),
    DELETE_COLLECTION(Kind.WRITE),
    UPDATE_COLLECTION(Kind.IDEMPOTENT_WRITE),
    ADD_FACES(Kind.WRITE),
    REPLACE_FACES(Kind.WRITE),
    FACES_BY_TAG(Kind.READ),
    DELETE_FACES_BY_TAG(Kind.WRITE),
    FACE(Kind.READ),
    DELETE_FACE(Kind.WRITE),
    UPDATE_FACE(Kind.IDEMPOTENT_WRITE),
    COPY_FACES(Kind.WRITE),
    EMBEDDING(Kind.READ),
    ADD_VECTORS(Kind.WRITE),
    REPLACE_VECTORS(Kind.IDEMPOTENT_WRITE),
    LIST_FACES(Kind.READ),
    SEARCH(Kind.READ),
    START_FEATURE_JOB(Kind.WRITE),
    FEATURE_JOB(Kind.READ),
    FEATURE_JOBS(Kind.READ),
    CHECK_IMAGES(Kind.READ),
    RECORD(Kind.READ),
    PUT_RECORD(Kind.IDEMPOTENT_WRITE),
    DELETE_RECORD(Kind.WRITE),
    RECORDS(Kind.READ),
    TENANTS(Kind.READ),
    ERASE_TENANT(Kind.WRITE);

    /** What a call does to stored data. */
    public enum Kind {
        /** Changes nothing: safe to retry, to shadow and to send to another engine. */
        READ,
        /** Changes data, but twice has the same effect and answer as once: safe to retry. */
        IDEMPOTENT_WRITE,
        /** Changes data; a second attempt may write twice or answer differently. */
        WRITE
    }

    private static final Map<EngineOperation, String> METHOD_NAMES = new EnumMap<>(EngineOperation.class);
    private static final Map<String, EngineOperation> BY_METHOD_NAME = new HashMap<>();

    static {
        for (EngineOperation operation : values()) {
            String[] words = operation.name().toLowerCase(Locale.ROOT).split("_");
            StringBuilder name = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i], 1, words[i].length());
            }
            METHOD_NAMES.put(operation, name.toString());
            BY_METHOD_NAME.put(name.toString(), operation);
        }
    }

    private final Kind kind;

    EngineOperation(Kind kind) {
        this.kind = kind;
    }

    /**
     * The name of the {@link FaceEngine} method, the constant's in camel case ({@code ADD_FACES} is
     * {@code addFaces}): a label in metrics and the native protocol's path segment.
     */
    public String methodName() {
        return METHOD_NAMES.get(this);
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
