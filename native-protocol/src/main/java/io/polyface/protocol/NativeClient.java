package io.polyface.protocol;

import io.polyface.spi.FaceException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The calling side of the native protocol as a {@link FaceEngine}: each call's arguments are
 * encoded, sent by {@link #exchange}, and the answer decoded to the SPI's records or its exact
 * {@link FaceException}. One method per call, so that a changed signature fails to compile; the
 * transport (HTTP in the remote engine, in-process in tests) is the subclass's.
 */
public abstract class NativeClient implements FaceEngine {

    protected NativeClient() {
    }

    /**
     * Sends one call's request body and returns the server's answer, whatever its status.
     *
     * @throws FaceException.BackendUnavailable if the server cannot be reached
     */
    protected abstract NativeServer.Reply exchange(NativeCall call, byte[] body);

    /** One call: its result as the SPI method returns it, or the failure the server reported. */
    @SuppressWarnings("unchecked")
    private <T> T send(EngineOperation operation, Object... args) {
        NativeCall call = NativeCall.of(operation);
        NativeServer.Reply reply = exchange(call, NativeClientCodec.request(call, args));
        if (reply.status() == 200) {
            // The result is read with the call's declared result type, which the compiler tied to the method's.
            return (T) NativeClientCodec.result(call, reply.body());
        }
        throw NativeClientCodec.error(reply.status(), reply.body());
    }

    @Override
    public String featureVersion() {
        return send(EngineOperation.FEATURE_VERSION);
    }

    @Override
    public List<FeatureVersion> featureVersions() {
        return send(EngineOperation.FEATURE_VERSIONS);
    }

    @Override
    public EngineHealth health() {
        return send(EngineOperation.HEALTH);
    }

    @Override
    public List<DetectedFace> detect(byte[] image) {
        return send(EngineOperation.DETECT, image);
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        return send(EngineOperation.ANALYZE, image, features);
    }

    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        return send(EngineOperation.COMPARE, first, second);
    }

    @Override
    public String storeImage(String tenant, byte[] image) {
        return send(EngineOperation.STORE_IMAGE, tenant, image);
    }

    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        return send(EngineOperation.IMAGE, tenant, imageId);
    }

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        return send(EngineOperation.CREATE_COLLECTION, ref, spec);
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        return send(EngineOperation.COLLECTION, ref);
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        return send(EngineOperation.COLLECTIONS, tenant);
    }

    @Override
    public long clearCollection(CollectionRef ref) {
        return this.<Long>send(EngineOperation.CLEAR_COLLECTION, ref);
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        send(EngineOperation.DELETE_COLLECTION, ref);
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        return send(EngineOperation.UPDATE_COLLECTION, ref, attributes);
    }

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        return send(EngineOperation.ADD_FACES, ref, faces);
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        return send(EngineOperation.REPLACE_FACES, ref, tag, faces);
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return send(EngineOperation.FACES_BY_TAG, ref, tag);
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        return this.<Long>send(EngineOperation.DELETE_FACES_BY_TAG, ref, tag);
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        return send(EngineOperation.FACE, ref, faceId);
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        return this.<Boolean>send(EngineOperation.DELETE_FACE, ref, faceId);
    }

    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        return send(EngineOperation.UPDATE_FACE, ref, faceId, update);
    }

    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        return send(EngineOperation.COPY_FACES, target, copies);
    }

    @Override
    public List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces) {
        return send(EngineOperation.ADD_VECTORS, ref, faces);
    }

    @Override
    public List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces) {
        return send(EngineOperation.REPLACE_VECTORS, ref, faces);
    }

    @Override
    public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        return send(EngineOperation.EMBEDDING, ref, faceId);
    }

    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        return send(EngineOperation.LIST_FACES, ref, tag, marker, limit);
    }

    @Override
    public SearchResult search(SearchQuery query) {
        return send(EngineOperation.SEARCH, query);
    }

    @Override
    public FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        return send(EngineOperation.START_FEATURE_JOB, ref, toVersion);
    }

    @Override
    public Optional<FeatureJob> featureJob(String tenant, String jobId) {
        return send(EngineOperation.FEATURE_JOB, tenant, jobId);
    }

    @Override
    public List<FeatureJob> featureJobs(String tenant) {
        return send(EngineOperation.FEATURE_JOBS, tenant);
    }

    @Override
    public ImageCheck checkImages(CollectionRef ref) {
        return send(EngineOperation.CHECK_IMAGES, ref);
    }

    @Override
    public Optional<String> record(String tenant, String kind, String key) {
        return send(EngineOperation.RECORD, tenant, kind, key);
    }

    @Override
    public void putRecord(String tenant, String kind, String key, String json) {
        send(EngineOperation.PUT_RECORD, tenant, kind, key, json);
    }

    @Override
    public boolean deleteRecord(String tenant, String kind, String key) {
        return this.<Boolean>send(EngineOperation.DELETE_RECORD, tenant, kind, key);
    }

    @Override
    public SortedMap<String, String> records(String tenant, String kind) {
        return send(EngineOperation.RECORDS, tenant, kind);
    }

    @Override
    public SortedSet<String> tenants() {
        return send(EngineOperation.TENANTS);
    }

    @Override
    public ErasedTenant eraseTenant(String tenant) {
        return send(EngineOperation.ERASE_TENANT, tenant);
    }
}
